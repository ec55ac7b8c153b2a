namespace HermesX.Grains.Abstractions.Runs;

/// <summary>A background run as the console lists it: where it stands and how far it went.</summary>
public sealed record RunListRow(
    string Id, string SessionId, string UserId, string Status, string Model, bool Stream, string? ErrorMessage,
    DateTimeOffset CreatedAt, DateTimeOffset? EndedAt, int Steps, int Events);

/// <summary>One committed step of a run, summarised: the message's role, the tools it asked for or answered, its text's start.</summary>
public sealed record RunStepSummary(int Seq, string Role, IReadOnlyList<string> ToolCalls, string? ToolName, string Preview, DateTimeOffset CreatedAt);

/// <summary>Reads of a tenant's background runs; every write goes through the run's <see cref="IResponseRunGrain"/>.</summary>
public interface IRunQueries
{
    /// <summary>Newest first; <paramref name="userId"/> null lists every user's runs (tenant admins).</summary>
    Task<List<RunListRow>> ListAsync(string tenantId, string? userId, int limit, int offset, CancellationToken ct = default);

    Task<RunListRow?> GetAsync(string tenantId, string id, CancellationToken ct = default);

    /// <summary>The run's committed steps, oldest first.</summary>
    Task<List<RunStepSummary>> StepsAsync(string tenantId, string id, CancellationToken ct = default);
}
