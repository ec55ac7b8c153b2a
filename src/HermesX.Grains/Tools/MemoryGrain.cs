using HermesX.Grains.Abstractions.Tools;

namespace HermesX.Grains.Tools;

/// <summary>Writes one user's memory notes from outside a turn (key: <see cref="MemoryKey"/>).</summary>
[GrainType("memory")]
public sealed class MemoryGrain(MemoryStore store) : Grain, IMemoryGrain
{
    Task<bool> IMemoryGrain.DeleteAsync(string key)
    {
        var (tenantId, userId) = MemoryKey.Parse(this.GetPrimaryKeyString());
        return store.DeleteAsync(tenantId, userId, key, CancellationToken.None);
    }
}
