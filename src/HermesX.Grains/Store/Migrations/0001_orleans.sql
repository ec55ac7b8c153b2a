-- HermesX Orleans cluster tables: silo membership, reminders and grain storage.
--
-- Orleans' ADO.NET providers (Clustering, Persistence, Reminders; invariant "Npgsql") carry no SQL
-- of their own. At start-up each provider runs `SELECT QueryKey, QueryText FROM OrleansQuery` and
-- from then on executes only the stored text under each key, binding its own @-parameters and
-- reading result columns by name. So the contract here is: the OrleansQuery table, the exact key
-- names, the parameter names each key receives, and the column names each key returns. Table
-- layout behind the queries is ours.
--
-- Needs PostgreSQL 15+ (UNIQUE NULLS NOT DISTINCT). No tenant data lives here, so none of these
-- tables has row-level security. Timestamps are timestamptz: Npgsql sends the providers' UTC
-- DateTime values (DbType.DateTime) as timestamptz and reads them back as UTC.

CREATE TABLE OrleansQuery
(
  QueryKey  text NOT NULL,
  QueryText text NOT NULL,
  CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);

--------------------------------------------------------------------------------------------------
-- Membership
--------------------------------------------------------------------------------------------------

-- One row per cluster (DeploymentId = ClusterId). Version is the optimistic-concurrency token of
-- the whole membership view: every insert or update of a silo row must present the current
-- Version and bumps it, so two silos can never both win a conflicting change.
CREATE TABLE OrleansMembershipVersionTable
(
  DeploymentId text        NOT NULL,
  Version      integer     NOT NULL DEFAULT 0,
  ChangedAt    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT OrleansMembershipVersionTable_Key PRIMARY KEY (DeploymentId)
);

-- One row per silo incarnation; Generation tells restarts on the same address and port apart.
-- Status holds Orleans' SiloStatus numbers (3 = Active, 6 = Dead). SuspectTimes is the provider's
-- own "silo,time|silo,time" text and is stored as given.
CREATE TABLE OrleansMembershipTable
(
  DeploymentId text        NOT NULL,
  Address      text        NOT NULL,
  Port         integer     NOT NULL,
  Generation   integer     NOT NULL,
  SiloName     text        NOT NULL,
  HostName     text        NOT NULL,
  Status       integer     NOT NULL,
  ProxyPort    integer     NOT NULL,
  SuspectTimes text        NULL,
  StartTime    timestamptz NOT NULL,
  IAmAliveTime timestamptz NOT NULL,
  CONSTRAINT OrleansMembershipTable_Key PRIMARY KEY (DeploymentId, Address, Port, Generation),
  CONSTRAINT OrleansMembershipTable_Cluster FOREIGN KEY (DeploymentId)
    REFERENCES OrleansMembershipVersionTable (DeploymentId) ON DELETE CASCADE
);

-- Insert and update are functions because each is "check the version, change a silo row, bump
-- the version" and must change nothing at all when any step fails. The version row is locked
-- first with the caller's Version in the WHERE clause: if another writer bumped it meanwhile,
-- the lock (re-checked against the newest row) finds nothing and we return 0 before writing.
-- Returning 0/1 is what the provider expects; it retries with a fresh read on 0.
CREATE FUNCTION orleans_membership_insert(
  p_deployment_id  text,
  p_address        text,
  p_port           integer,
  p_generation     integer,
  p_silo_name      text,
  p_host_name      text,
  p_status         integer,
  p_proxy_port     integer,
  p_start_time     timestamptz,
  p_i_am_alive     timestamptz,
  p_version        integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
  inserted integer;
BEGIN
  PERFORM 1
  FROM OrleansMembershipVersionTable
  WHERE DeploymentId = p_deployment_id AND Version = p_version
  FOR UPDATE;
  IF NOT FOUND THEN
    RETURN 0;
  END IF;

  INSERT INTO OrleansMembershipTable
    (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort,
     StartTime, IAmAliveTime)
  VALUES
    (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status,
     p_proxy_port, p_start_time, p_i_am_alive)
  ON CONFLICT ON CONSTRAINT OrleansMembershipTable_Key DO NOTHING;
  GET DIAGNOSTICS inserted = ROW_COUNT;
  IF inserted = 0 THEN
    RETURN 0;
  END IF;

  UPDATE OrleansMembershipVersionTable
  SET Version = Version + 1, ChangedAt = now()
  WHERE DeploymentId = p_deployment_id;
  RETURN 1;
END
$fn$;

CREATE FUNCTION orleans_membership_update(
  p_deployment_id  text,
  p_address        text,
  p_port           integer,
  p_generation     integer,
  p_status         integer,
  p_suspect_times  text,
  p_i_am_alive     timestamptz,
  p_version        integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
  updated integer;
BEGIN
  PERFORM 1
  FROM OrleansMembershipVersionTable
  WHERE DeploymentId = p_deployment_id AND Version = p_version
  FOR UPDATE;
  IF NOT FOUND THEN
    RETURN 0;
  END IF;

  -- The caller's IAmAliveTime may predate a heartbeat the silo wrote since it read the table;
  -- keeping the later of the two stops a status change from making a live silo look stale.
  UPDATE OrleansMembershipTable
  SET Status = p_status,
      SuspectTimes = p_suspect_times,
      IAmAliveTime = GREATEST(IAmAliveTime, p_i_am_alive)
  WHERE DeploymentId = p_deployment_id
    AND Address = p_address AND Port = p_port AND Generation = p_generation;
  GET DIAGNOSTICS updated = ROW_COUNT;
  IF updated = 0 THEN
    RETURN 0;
  END IF;

  UPDATE OrleansMembershipVersionTable
  SET Version = Version + 1, ChangedAt = now()
  WHERE DeploymentId = p_deployment_id;
  RETURN 1;
END
$fn$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
-- Creates the cluster's version row on first start; returns 1 if this call created it.
('InsertMembershipVersionKey', $q$
WITH created AS (
  INSERT INTO OrleansMembershipVersionTable (DeploymentId)
  VALUES (@DeploymentId)
  ON CONFLICT ON CONSTRAINT OrleansMembershipVersionTable_Key DO NOTHING
  RETURNING 1
)
SELECT count(*)::integer FROM created
$q$),

('InsertMembershipKey', $q$
SELECT orleans_membership_insert(
  @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
  @StartTime, @IAmAliveTime, @Version)
$q$),

('UpdateMembershipKey', $q$
SELECT orleans_membership_update(
  @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version)
$q$),

-- Heartbeat: touches only the silo's own row and never the version, so it cannot conflict with
-- membership changes. GREATEST keeps a delayed heartbeat from moving the time backwards.
('UpdateIAmAlivetimeKey', $q$
UPDATE OrleansMembershipTable
SET IAmAliveTime = GREATEST(IAmAliveTime, @IAmAliveTime)
WHERE DeploymentId = @DeploymentId
  AND Address = @Address AND Port = @Port AND Generation = @Generation
$q$),

-- Both reads start from the version row so the provider always gets the current Version, even
-- when the silo row (or every silo row) is missing; a missing silo comes back as NULL columns.
('MembershipReadRowKey', $q$
SELECT v.Version, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
       m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m
  ON m.DeploymentId = v.DeploymentId
 AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
WHERE v.DeploymentId = @DeploymentId
$q$),

('MembershipReadAllKey', $q$
SELECT v.Version, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
       m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId
$q$),

-- Gateways a client may connect to; the provider passes @Status = 3 (Active).
('GatewaysQueryKey', $q$
SELECT Address, ProxyPort, Generation
FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0
$q$),

-- Removing the version row removes the cluster's silo rows through the cascading foreign key.
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId
$q$),

-- Defunct-silo cleanup. When the single-row key below exists the provider uses it: it reads the
-- table, picks Dead rows whose start, heartbeat and suspicion times are all older than the cut-off,
-- and deletes each only if the row still holds exactly the values it saw. The bulk key is still
-- required at start-up and is the fallback. Neither touches the version: dropping long-dead rows
-- changes nobody's view of who is alive.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND Status = 6
  AND IAmAliveTime < @IAmAliveTime
  AND StartTime < @IAmAliveTime
  AND COALESCE(SuspectTimes, '') = ''
$q$),

('CleanupDefunctSiloEntryKey', $q$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND Address = @Address AND Port = @Port AND Generation = @Generation
  AND Status = 6
  AND StartTime = @StartTime
  AND IAmAliveTime = @IAmAliveTime
  AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes, '')
$q$);

--------------------------------------------------------------------------------------------------
-- Reminders
--------------------------------------------------------------------------------------------------

-- GrainHash is the grain's uniform hash as the provider sends it: the unsigned ring position cast
-- to a signed int. The provider compares ranges in that signed order and picks ReadRangeRows1Key
-- for a range that does not wrap there and ReadRangeRows2Key for one that does, so the column must
-- stay a plain integer compared as-is. Period is milliseconds and may exceed int.
CREATE TABLE OrleansRemindersTable
(
  ServiceId    text        NOT NULL,
  GrainId      text        NOT NULL,
  ReminderName text        NOT NULL,
  StartTime    timestamptz NOT NULL,
  Period       bigint      NOT NULL,
  GrainHash    integer     NOT NULL,
  Version      integer     NOT NULL,
  CONSTRAINT OrleansRemindersTable_Key PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Each silo periodically loads the reminders of its slice of the hash ring.
CREATE INDEX OrleansRemindersTable_Ring ON OrleansRemindersTable (ServiceId, GrainHash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpsertReminderRowKey', $q$
INSERT INTO OrleansRemindersTable AS r
  (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
VALUES
  (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT ON CONSTRAINT OrleansRemindersTable_Key DO UPDATE
SET StartTime = EXCLUDED.StartTime,
    Period = EXCLUDED.Period,
    GrainHash = EXCLUDED.GrainHash,
    Version = r.Version + 1
RETURNING r.Version
$q$),

('ReadReminderRowsKey', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId
$q$),

('ReadReminderRowKey', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName
$q$),

-- Ring range (@BeginHash, @EndHash] that does not wrap in signed order.
('ReadRangeRows1Key', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash
$q$),

-- Ring range that wraps past the largest int (also the whole ring when begin = end).
('ReadRangeRows2Key', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash)
$q$),

-- Deletes only the version the caller holds; returns how many rows went (0 or 1).
('DeleteReminderRowKey', $q$
WITH removed AS (
  DELETE FROM OrleansRemindersTable
  WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName
    AND Version = @Version
  RETURNING 1
)
SELECT count(*)::integer FROM removed
$q$),

('DeleteReminderRowsKey', $q$
DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId
$q$);

--------------------------------------------------------------------------------------------------
-- Grain storage
--------------------------------------------------------------------------------------------------

-- The provider identifies a state by ServiceId, GrainTypeString (the state's name) and the grain
-- key split into GrainIdN0/GrainIdN1 (Guid halves or 0 and the integer key) plus
-- GrainIdExtensionString (key extension, or the whole key of a string-keyed grain; NULL when
-- absent). It also sends GrainIdHash/GrainTypeHash. They lead the unique index because string-keyed
-- grains all share N0 = N1 = 0, and the NULL-able extension can only be matched with
-- IS NOT DISTINCT FROM, which an index cannot search; the hashes keep every lookup to a few rows.
-- Version is the ETag: NULL from the provider means "never written", and a stale one makes a write
-- return no row, which the provider reports as an InconsistentStateException.
-- The provider turns a string key that parses as hex ("d1", "00D1") into an integer key before it
-- gets here, so such keys of one state name share a row: grain keys must not be bare hex.
CREATE TABLE OrleansStorage
(
  GrainIdHash            integer     NOT NULL,
  GrainTypeHash          integer     NOT NULL,
  ServiceId              text        NOT NULL,
  GrainTypeString        text        NOT NULL,
  GrainIdN0              bigint      NOT NULL,
  GrainIdN1              bigint      NOT NULL,
  GrainIdExtensionString text        NULL,
  PayloadBinary          bytea       NULL,
  Version                integer     NOT NULL,
  ModifiedOn             timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT OrleansStorage_Grain UNIQUE NULLS NOT DISTINCT
    (GrainIdHash, GrainTypeHash, ServiceId, GrainTypeString, GrainIdN0, GrainIdN1,
     GrainIdExtensionString)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
-- A cleared state keeps its row with a NULL payload, which the provider reads as "no record" but
-- whose Version is still the ETag for the next write.
('ReadFromStorageKey', $q$
SELECT PayloadBinary, Version
FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
$q$),

-- First write (no ETag) inserts version 1; later writes must name the current version. Exactly one
-- of the two branches can apply, and either yields the new version or no row at all.
('WriteToStorageKey', $q$
WITH updated AS (
  UPDATE OrleansStorage
  SET PayloadBinary = @PayloadBinary, Version = Version + 1, ModifiedOn = now()
  WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
    AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
    AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
    AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
    AND Version = @GrainStateVersion
  RETURNING Version
),
inserted AS (
  INSERT INTO OrleansStorage
    (GrainIdHash, GrainTypeHash, ServiceId, GrainTypeString, GrainIdN0, GrainIdN1,
     GrainIdExtensionString, PayloadBinary, Version)
  SELECT @GrainIdHash, @GrainTypeHash, @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
         @GrainIdExtensionString, @PayloadBinary, 1
  WHERE @GrainStateVersion IS NULL
  ON CONFLICT ON CONSTRAINT OrleansStorage_Grain DO NOTHING
  RETURNING Version
)
SELECT Version AS NewGrainStateVersion FROM updated
UNION ALL
SELECT Version FROM inserted
$q$),

('ClearStorageKey', $q$
UPDATE OrleansStorage
SET PayloadBinary = NULL, Version = Version + 1, ModifiedOn = now()
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
  AND Version = @GrainStateVersion
RETURNING Version
$q$),

-- Used instead of ClearStorageKey when a storage provider sets DeleteStateOnClear. The provider
-- needs a value that differs from the ETag it sent to accept the delete; Version + 1 is that.
('DeleteStorageKey', $q$
DELETE FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
  AND Version = @GrainStateVersion
RETURNING Version + 1
$q$);
