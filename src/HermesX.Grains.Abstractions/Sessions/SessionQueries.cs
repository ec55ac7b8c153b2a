namespace HermesX.Grains.Abstractions.Sessions;

public sealed record SessionRow(string Id, string TenantId, string UserId, string? Title, string? Model, int MessageCount,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record StoredMessage(int Seq, SessionMessage Message, DateTimeOffset CreatedAt);

/// <summary>Reads of stored sessions; every write goes through the session's <see cref="ISessionGrain"/>.</summary>
public interface ISessionQueries
{
    Task<SessionRow?> GetAsync(string tenantId, string sessionId, CancellationToken ct = default);

    Task<List<SessionRow>> ListAsync(string tenantId, string? userId, int limit, int offset, CancellationToken ct = default);

    Task<List<StoredMessage>> MessagesAsync(string tenantId, string sessionId, int limit, int offset, CancellationToken ct = default);
}
