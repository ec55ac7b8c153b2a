namespace HermesX.Grains.Abstractions.Tools;

public sealed record Receipt(
    string Id, string TenantId, string SessionId, string UserId, string ToolName, string IdempotencyId,
    string Input, string Output, string Status, double DurationMs, string? TraceId, DateTimeOffset CreatedAt);

public sealed record ReceiptFilter(string? SessionId, string? ToolName, string? Status, string? UserId = null);

/// <summary>One note of the memory tool.</summary>
public sealed record MemoryNote(string UserId, string Key, string Value, DateTimeOffset UpdatedAt);

/// <summary>Reads of execution receipts.</summary>
public interface IReceiptQueries
{
    Task<Receipt?> GetAsync(string tenantId, string id, CancellationToken ct = default);

    Task<List<Receipt>> ListAsync(string tenantId, ReceiptFilter f, int limit, int offset, CancellationToken ct = default);
}

/// <summary>Reads of the memory tool's notes.</summary>
public interface IMemoryQueries
{
    Task<List<MemoryNote>> PageAsync(string tenantId, string? userId, int limit, int offset, CancellationToken ct = default);
}

/// <summary>The writer of one user's memory notes outside a turn (key: tenant id and user id, see <see cref="MemoryKey"/>).</summary>
[Alias("hermesx.IMemoryGrain")]
public interface IMemoryGrain : IGrainWithStringKey
{
    /// <summary>False when the user has no note with this key.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(string key);
}

/// <summary>Grain keys of <see cref="IMemoryGrain"/>.</summary>
public static class MemoryKey
{
    public static string For(string tenantId, string userId) => tenantId + "/" + userId;

    public static (string TenantId, string UserId) Parse(string key)
    {
        var slash = key.IndexOf('/');
        return (key[..slash], key[(slash + 1)..]);
    }
}
