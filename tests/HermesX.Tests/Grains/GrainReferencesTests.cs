using HermesX.Grains.Abstractions;
using HermesX.Grains.Abstractions.Tenants;

namespace HermesX.Tests.Grains;

/// <summary>References made from the cached grain type are the grain Orleans would name, and reach it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainReferencesTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AReferenceFromTheCachedTypeIsTheSameGrainAsGetGrainGives()
    {
        var grains = fixture.Cluster.GrainFactory;
        var (first, second) = ("t-" + Guid.NewGuid().ToString("N")[..12], "t-" + Guid.NewGuid().ToString("N")[..12]);
        // The first call learns the type, every later one builds the reference from it.
        var learned = grains.Reference<ITenantGrain>(first);
        var built = grains.Reference<ITenantGrain>(second);

        Assert.Equal(grains.GetGrain<ITenantGrain>(first).GetGrainId(), learned.GetGrainId());
        Assert.Equal(grains.GetGrain<ITenantGrain>(second).GetGrainId(), built.GetGrainId());
        Assert.Equal(grains.GetGrain<ITenantGrain>(second), built);
        Assert.NotEqual(learned.GetGrainId(), built.GetGrainId());

        await built.CreateAsync(new TenantChanges("made through a cached reference", TenantPlans.Free, null, null, "{}"));
        Assert.Equal("made through a cached reference", (await grains.GetGrain<ITenantGrain>(second).GetAsync())?.Name);
    }
}
