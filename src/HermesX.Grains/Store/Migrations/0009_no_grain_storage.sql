-- No grain keeps Orleans-managed state: every grain writes its own rows (sessions, tenants, keys,
-- memories) through the stores, so the silo no longer registers the AdoNet grain storage provider.
-- Its table and queries go with it, so nothing in the schema suggests a second place state lives.
DELETE FROM OrleansQuery
WHERE QueryKey IN ('ReadFromStorageKey', 'WriteToStorageKey', 'ClearStorageKey', 'DeleteStorageKey');

DROP TABLE IF EXISTS OrleansStorage;
