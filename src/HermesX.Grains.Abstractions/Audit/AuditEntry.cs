using HermesX.Grains.Abstractions.Text;

namespace HermesX.Grains.Abstractions.Audit;

/// <summary>One audit event; <see cref="TenantId"/> is <see cref="TenantDb.PlatformTenantId"/> for platform-level events.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Actor,
    [property: Id(2)] string AuthMethod,
    [property: Id(3)] string Action,
    [property: Id(4)] int Status,
    [property: Id(5)] double LatencyMs,
    [property: Id(6)] string? RequestId,
    [property: Id(7)] string? TraceId,
    [property: Id(8)] string? SourceIp,
    [property: Id(9)] string? UserAgent,
    [property: Id(10)] IReadOnlyDictionary<string, string>? Detail = null,
    [property: Id(11)] long Id = 0,
    [property: Id(12)] DateTimeOffset CreatedAt = default)
{
    /// <summary>Marks a field whose value could not be stored even after sanitising.</summary>
    public const string Unstorable = "[unstorable]";

    /// <summary>The entry with every text field storable: whatever the caller sent, the row is written.</summary>
    public AuditEntry Sanitized() => this with
    {
        TenantId = StorableText.Sanitize(TenantId),
        Actor = StorableText.Sanitize(Actor),
        AuthMethod = StorableText.Sanitize(AuthMethod),
        Action = StorableText.Sanitize(Action),
        RequestId = StorableText.SanitizeNullable(RequestId),
        TraceId = StorableText.SanitizeNullable(TraceId),
        SourceIp = StorableText.SanitizeNullable(SourceIp),
        UserAgent = StorableText.SanitizeNullable(UserAgent),
        Detail = Detail?.ToDictionary(kv => StorableText.Sanitize(kv.Key), kv => StorableText.Sanitize(kv.Value)),
    };

    /// <summary>Last resort for a row Postgres still refused: who, what and when stay; the free-text fields become a marker.</summary>
    public AuditEntry Repaired() => this with
    {
        Actor = Actor.Length <= 200 ? StorableText.Sanitize(Actor) : Unstorable,
        Action = Action.Length <= 300 ? StorableText.Sanitize(Action) : Unstorable,
        RequestId = RequestId is null ? null : Unstorable,
        UserAgent = UserAgent is null ? null : Unstorable,
        Detail = new Dictionary<string, string> { ["path"] = Unstorable },
    };
}

/// <summary>
/// What an audit listing shows. <see cref="ExcludeReads"/> leaves out reads that succeeded (GET and
/// HEAD answered below 400), such as a console's polling; refused and failed reads stay listed.
/// </summary>
public sealed record AuditFilter(string? Action, int? Status, string? Actor, DateTimeOffset? From, DateTimeOffset? To, string? TenantId = null,
    bool ExcludeReads = false);

/// <summary>Reads of the audit log.</summary>
public interface IAuditQueries
{
    Task<List<AuditEntry>> ListAsync(string tenantId, AuditFilter f, int limit, int offset, CancellationToken ct = default);

    Task<List<AuditEntry>> ListAcrossTenantsAsync(AuditFilter f, int limit, int offset, CancellationToken ct = default);
}

/// <summary>Where the frontend hands audit events: written off the request path, in batches.</summary>
public interface IAuditSink
{
    ValueTask EnqueueAsync(AuditEntry entry, CancellationToken ct = default);
}
