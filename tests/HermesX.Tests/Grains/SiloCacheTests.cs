using HermesX.Grains.Abstractions.Tenants;
using HermesX.Grains.Auth;
using HermesX.Grains.Caching;
using HermesX.Grains.Store;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.TestingHost;

namespace HermesX.Tests.Grains;

/// <summary>Each silo's copy of tenants and keys, and the owners' pushes that drop it on every silo.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SiloCacheTests(ClusterFixture fixture)
{
    private IReadOnlyList<SiloCache> Caches => fixture.Cluster.Silos
        .Select(s => ((InProcessSiloHandle)s).SiloHost.Services.GetRequiredService<SiloCache>())
        .ToList();

    private ITenantGrain Tenant(string id) => fixture.Cluster.GrainFactory.GetGrain<ITenantGrain>(id);

    private static string NewId() => "t-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task ATenantChangeReachesEverySilosCopyBeforeItIsAcknowledged()
    {
        var id = NewId();
        await Tenant(id).CreateAsync(new TenantChanges("before", TenantPlans.Free, 10, 10, "{}"));
        Assert.Equal(2, Caches.Count);
        foreach (var cache in Caches)
        {
            Assert.Equal(10, (await cache.GetTenantAsync(id))!.RateLimitRpm);
            Assert.True(cache.HoldsTenant(id));
        }

        await Tenant(id).UpdateAsync(new TenantChanges(null, null, 99, null, null));
        foreach (var cache in Caches)
        {
            Assert.False(cache.HoldsTenant(id));
            Assert.Equal(99, (await cache.GetTenantAsync(id))!.RateLimitRpm);
        }

        await Tenant(id).DeleteAsync();
        foreach (var cache in Caches)
        {
            Assert.False((await cache.GetTenantAsync(id))!.IsActive);
        }
    }

    [Fact]
    public async Task ARevokedKeyIsRefusedByEverySilosCopyOnceTheInvalidationReturns()
    {
        var id = NewId();
        await Tenant(id).CreateAsync(new TenantChanges("keys", TenantPlans.Free, null, null, "{}"));
        await using var source = NpgsqlDataSource.Create(fixture.Database.ServiceConnectionString);
        var store = new ApiKeyStore(new TenantDb(source));
        var (key, raw) = await store.CreateAsync(id, "k", ["user"], ["read"], null);
        var hash = ApiKeyStore.Hash(raw);
        foreach (var cache in Caches)
        {
            Assert.Equal(key.Id, (await cache.ResolveKeyAsync(hash))!.KeyId);
            Assert.True(cache.HoldsKey(hash));
        }

        await store.RevokeAsync(id, key.Id);
        await fixture.Cluster.GrainFactory.GetGrain<HermesX.Grains.Abstractions.Auth.IApiKeyGrain>(hash).InvalidateAsync();
        foreach (var cache in Caches)
        {
            Assert.False(cache.HoldsKey(hash));
            Assert.Null(await cache.ResolveKeyAsync(hash));
        }
    }

    [Fact]
    public async Task DeletingATenantDropsTheKeysResolvedAgainstIt()
    {
        var id = NewId();
        await Tenant(id).CreateAsync(new TenantChanges("keys", TenantPlans.Free, null, null, "{}"));
        await using var source = NpgsqlDataSource.Create(fixture.Database.ServiceConnectionString);
        var (_, raw) = await new ApiKeyStore(new TenantDb(source)).CreateAsync(id, "k", ["user"], ["read"], null);
        var hash = ApiKeyStore.Hash(raw);
        foreach (var cache in Caches)
        {
            Assert.False((await cache.ResolveKeyAsync(hash))!.TenantDeleted);
        }

        await Tenant(id).DeleteAsync();
        foreach (var cache in Caches)
        {
            Assert.True((await cache.ResolveKeyAsync(hash))!.TenantDeleted);
        }
    }

    [Fact]
    public async Task UnknownKeysAreNotKept()
    {
        var hash = ApiKeyStore.Hash("hx-" + Guid.NewGuid().ToString("N"));
        var cache = Caches[0];
        Assert.Null(await cache.ResolveKeyAsync(hash));
        Assert.False(cache.HoldsKey(hash));
    }
}
