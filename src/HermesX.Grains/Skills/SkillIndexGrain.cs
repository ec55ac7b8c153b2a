using HermesX.Grains.Abstractions.Skills;
using HermesX.Grains.Caching;

namespace HermesX.Grains.Skills;

/// <summary>
/// Caches one tenant's skill index; each silo keeps a copy (<see cref="SiloCache"/>). Writes through
/// the API invalidate it here and on every silo before they are acknowledged; the age limit only
/// catches objects changed behind the API's back (an operator editing the bucket).
/// </summary>
[GrainType("skill-index")]
public sealed class SkillIndexGrain(SkillStore store, TimeProvider time, SiloCachePush push) : Grain, ISkillIndexGrain
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private SkillIndex? _index;
    private DateTimeOffset _loadedAt;

    async Task<SkillIndex> ISkillIndexGrain.GetAsync()
    {
        if (_index is null || time.GetUtcNow() - _loadedAt > MaxAge)
        {
            var tenantId = this.GetPrimaryKeyString();
            await store.EnsureProvisionedAsync(tenantId, CancellationToken.None);
            _index = await store.LoadIndexAsync(tenantId, CancellationToken.None);
            _loadedAt = time.GetUtcNow();
        }
        return _index;
    }

    Task ISkillIndexGrain.InvalidateAsync()
    {
        _index = null;
        return push.SkillsChangedAsync(this.GetPrimaryKeyString());
    }
}
