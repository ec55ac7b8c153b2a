using Microsoft.Extensions.Logging;
using HermesX.Grains.Abstractions.Audit;

namespace HermesX.Grains.Audit;

/// <summary>Batched, append-only audit writing off the request path.</summary>
public sealed class AuditWriter(AuditStore store, ILogger<AuditWriter> logger) : BatchWriter<AuditEntry>(logger), IAuditSink
{
    ValueTask IAuditSink.EnqueueAsync(AuditEntry entry, CancellationToken ct) => EnqueueAsync(entry);

    protected override string TenantOf(AuditEntry item) => item.TenantId;

    protected override Task WriteAsync(string tenantId, IReadOnlyList<AuditEntry> items, CancellationToken ct) =>
        store.AppendBatchDeferredAsync(tenantId, items, ct);

    protected override AuditEntry? Repair(AuditEntry item) => item.Repaired();
}
