using System.Diagnostics;
using HermesX.Grains.Store;
using HermesX.Grains.Abstractions.Diagnostics;
using HermesX.Grains.Abstractions.Skills;

namespace HermesX.Grains.Skills;

/// <summary>Times every object store call into hermes_store_operation_duration_seconds (entity "object").</summary>
public sealed class ObservedObjectStore(IObjectStore inner) : IObjectStore, IDisposable
{
    private const string Entity = "object";

    public IObjectStore Inner => inner;

    public string Location => inner.Location;

    public Task EnsureReadyAsync(CancellationToken ct) => TimeAsync("ensure_ready", async () =>
    {
        await inner.EnsureReadyAsync(ct);
        return true;
    });

    public Task<StoredObject?> GetAsync(string key, CancellationToken ct) => TimeAsync("get", () => inner.GetAsync(key, ct));

    public Task<bool> ExistsAsync(string key, CancellationToken ct) => TimeAsync("exists", () => inner.ExistsAsync(key, ct));

    public Task PutAsync(string key, string content, string contentType, CancellationToken ct) => TimeAsync("put", async () =>
    {
        await inner.PutAsync(key, content, contentType, ct);
        return true;
    });

    public Task<bool> DeleteAsync(string key, CancellationToken ct) => TimeAsync("delete", () => inner.DeleteAsync(key, ct));

    public Task<IReadOnlyList<ObjectEntry>> ListAsync(string prefix, CancellationToken ct) => TimeAsync("list", () => inner.ListAsync(prefix, ct));

    public Task<int> DeletePrefixAsync(string prefix, CancellationToken ct) => TimeAsync("delete_prefix", () => inner.DeletePrefixAsync(prefix, ct));

    public void Dispose() => (inner as IDisposable)?.Dispose();

    private async Task<T> TimeAsync<T>(string operation, Func<Task<T>> action)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await action();
            return result;
        }
        finally
        {
            HermesMeter.StoreOperation(operation, Entity, Stopwatch.GetElapsedTime(started));
        }
    }
}
