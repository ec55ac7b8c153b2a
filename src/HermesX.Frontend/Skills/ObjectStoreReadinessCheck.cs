using HermesX.Frontend.Health;
using HermesX.Grains.Skills;

namespace HermesX.Frontend.Skills;

/// <summary>The S3 bucket answers (registered only when MINIO_ENDPOINT is set).</summary>
public sealed class ObjectStoreReadinessCheck(IObjectStore store) : IReadinessCheck
{
    private const string ProbeKey = ".readiness-probe";

    public string Name => "object_store";
    public bool Required => true;

    public async Task<string?> CheckAsync(CancellationToken ct)
    {
        try
        {
            await store.EnsureReadyAsync(ct);
            // A cheap request that fails when the server or bucket is gone; the key need not exist.
            await store.ExistsAsync(ProbeKey, ct);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return "unreachable: " + e.GetType().Name;
        }
    }
}
