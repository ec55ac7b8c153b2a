namespace HermesX.Grains.Abstractions.Configuration;

/// <summary>HERMES_GROUP_COMMIT_LINGER_US and HERMES_GROUP_COMMIT_MAX_WRITES.</summary>
public sealed record GroupCommitOptions
{
    /// <summary>How long a flush waits for more writes after the first; 0 flushes what is queued at once.</summary>
    public TimeSpan Linger { get; init; } = TimeSpan.Zero;

    /// <summary>Most writes in one flush; a full flush goes at once, linger or not.</summary>
    public int MaxWrites { get; init; } = 256;
}
