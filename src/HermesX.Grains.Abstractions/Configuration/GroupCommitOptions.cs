using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace HermesX.Grains.Abstractions.Configuration;

/// <summary>How HermesX writes to Postgres: HERMES_GROUP_COMMIT_LINGER_US, HERMES_GROUP_COMMIT_MAX_WRITES and HERMES_DB_PREPARED_STATEMENTS.</summary>
public sealed record GroupCommitOptions
{
    /// <summary>
    /// How long a flush waits for more writes while writes come concurrently (the previous flush held
    /// more than one, or more than one is waiting): under load, fewer and fuller transactions for
    /// Postgres to run and commit. A lone write never waits. 0 flushes what is queued at once.
    /// </summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Whether a lone write waits the linger too, so writes submitted together share one flush whatever their timing (tests).</summary>
    public bool LingerAlone { get; init; }

    [ConfigurationKeyName("HERMES_GROUP_COMMIT_LINGER_US"), Range(0, 100_000)]
    public int LingerMicroseconds
    {
        get => (int)(Linger.Ticks / TimeSpan.TicksPerMicrosecond);
        init => Linger = TimeSpan.FromTicks(value * TimeSpan.TicksPerMicrosecond);
    }

    /// <summary>Most writes in one flush; a full flush goes at once, linger or not.</summary>
    [ConfigurationKeyName("HERMES_GROUP_COMMIT_MAX_WRITES"), Range(1, 10_000)]
    public int MaxWrites { get; init; } = 256;

    /// <summary>
    /// Whether statements run often are prepared once per connection (Npgsql's automatic
    /// preparation). A pooler in transaction mode hands a session's prepared statements to other
    /// clients unless it tracks them (PgBouncer 1.21 and later with max_prepared_statements); behind
    /// an older one, set false.
    /// </summary>
    [ConfigurationKeyName("HERMES_DB_PREPARED_STATEMENTS")]
    public bool PreparedStatements { get; init; } = true;
}
