using Orleans.Configuration;

namespace HermesX.Silo.Hosting;

/// <summary>
/// Membership timings that let a cluster replace a crashed silo within seconds, where Orleans'
/// defaults (5 s probes, 60 s table refresh) left sessions on it unanswered for 12 s.
/// docs/operations.md's "Failover" section gives the same values and reasons for operators.
/// </summary>
public static class FailureDetection
{
    /// <summary>
    /// Floor of the adaptive probe timeout. Orleans shrinks the timeout towards this floor when
    /// loopback or LAN probes answer fast; a floor of half a second (the default for a 1 s probe)
    /// would let three missed probes add up to 1.5 s, so a 2 s pause would read as a death.
    /// </summary>
    public static readonly TimeSpan MinProbeTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The first probe timeout: a loaded silo answers a probe in milliseconds, so one second is long.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Ceiling of the adaptive timeout. Three missed probes at this ceiling (4.5 s) still stay inside
    /// the 5 s failover bound when a slow network pushed the timeout up.
    /// </summary>
    public static readonly TimeSpan MaxProbeTimeout = TimeSpan.FromSeconds(1.5);

    /// <summary>Three silent probe periods (at least 3 s) before a vote: a GC or a 2 s SIGSTOP stays below it.</summary>
    public const int NumMissedProbesLimit = 3;

    /// <summary>Two votes, as Orleans' default; with two silos Orleans needs only the survivor's.</summary>
    public const int NumVotesForDeathDeclaration = 2;

    /// <summary>
    /// Silos that miss a gossip message still learn of a death or a join from the table within this
    /// period; one small query per silo every 5 s costs Postgres nothing.
    /// </summary>
    public static readonly TimeSpan TableRefreshTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Votes count only this long: two transient suspicions minutes apart must not add up to a death,
    /// yet the window stays wide enough for a second voter probing at the same period.
    /// </summary>
    public static readonly TimeSpan DeathVoteExpirationTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Heartbeat in the table: it only serves to recognise stale entries (three missed: 30 s), for
    /// example after a whole cluster was killed, so it need not follow the probe period.
    /// </summary>
    public static readonly TimeSpan IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);

    public static void Apply(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = ProbeTimeout;
        o.MinProbeTimeout = MinProbeTimeout;
        o.MaxProbeTimeout = MaxProbeTimeout;
        o.NumMissedProbesLimit = NumMissedProbesLimit;
        o.NumVotesForDeathDeclaration = NumVotesForDeathDeclaration;
        o.TableRefreshTimeout = TableRefreshTimeout;
        o.DeathVoteExpirationTimeout = DeathVoteExpirationTimeout;
        o.IAmAliveTablePublishTimeout = IAmAliveTablePublishTimeout;
    }
}
