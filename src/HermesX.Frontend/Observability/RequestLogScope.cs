using System.Collections;

namespace HermesX.Frontend.Observability;

/// <summary>
/// The logging scope of one HTTP request. The JSON console formatter writes its entries as
/// properties of every line logged inside the request. Holds plain strings only, so a log written
/// by work that outlives the request never touches a recycled HttpContext.
/// </summary>
public sealed class RequestLogScope(string? requestId, string? traceId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public string? RequestId { get; } = requestId;
    public string? TraceId { get; } = traceId;

    /// <summary>Known once the caller is authenticated; empty for anonymous or platform-level requests.</summary>
    public string? TenantId { get; set; }

    public int Count => 3;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("request_id", RequestId),
        1 => new("trace_id", TraceId),
        2 => new("tenant_id", TenantId ?? ""),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"request_id:{RequestId} trace_id:{TraceId} tenant_id:{TenantId}";
}
