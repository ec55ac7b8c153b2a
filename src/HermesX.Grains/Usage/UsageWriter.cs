using HermesX.Grains.Agent;
using HermesX.Grains.Audit;
using HermesX.Grains.Llm;
using Microsoft.Extensions.Logging;
using HermesX.Grains.Abstractions.Diagnostics;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Abstractions.Usage;

namespace HermesX.Grains.Usage;

/// <summary>Records one usage row per model call, batched so metering never slows or fails a turn.</summary>
public sealed class UsageWriter(UsageStore store, ILogger<UsageWriter> logger) : BatchWriter<UsageRecord>(logger), ILlmObserver
{
    protected override string TenantOf(UsageRecord item) => item.TenantId;

    protected override Task WriteAsync(string tenantId, IReadOnlyList<UsageRecord> items, CancellationToken ct) =>
        store.AppendBatchAsync(tenantId, items, ct);

    void ILlmObserver.Observed(LlmCall call, ModelInfo model, string status, TimeSpan duration, long inputTokens, long outputTokens)
    {
        if (inputTokens + outputTokens == 0)
        {
            return;
        }
        var record = new UsageRecord(call.TenantId, call.SessionId, call.UserId, model.Id, model.Provider, inputTokens, outputTokens,
            model.CostOf(inputTokens, outputTokens));
        // A full queue (Postgres far behind) is the only case that waits; the turn itself never awaits this.
        _ = EnqueueAsync(record).AsTask();
    }
}
