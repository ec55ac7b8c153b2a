using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Abstractions.Tenants;
using HermesX.Grains.Auth;
using HermesX.Grains.Store;
using Npgsql;

namespace HermesX.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class TenantGrainTests(ClusterFixture fixture)
{
    private ITenantGrain Tenant(string id) => fixture.Cluster.GrainFactory.GetGrain<ITenantGrain>(id);

    private static string NewId() => "t-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task UnknownTenantIsNull()
    {
        Assert.Null(await Tenant(NewId()).GetAsync());
    }

    [Fact]
    public async Task CreateAppliesPlanDefaultsAndPersists()
    {
        var id = NewId();
        var created = await Tenant(id).CreateAsync(new TenantChanges("Acme", TenantPlans.Pro, null, null, "{}"));
        Assert.NotNull(created);
        Assert.Equal(TenantPlans.DefaultRateLimitRpm(TenantPlans.Pro), created.RateLimitRpm);
        Assert.Equal(TenantPlans.DefaultMaxSessions(TenantPlans.Pro), created.MaxSessions);
        Assert.Equal(1L, await fixture.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM tenants WHERE id = '{id}' AND plan = 'pro'"));
    }

    [Fact]
    public async Task ExplicitValuesOverridePlanDefaults()
    {
        var created = await Tenant(NewId()).CreateAsync(new TenantChanges("Small", TenantPlans.Enterprise, 5, 3, """{"tier":"x"}"""));
        Assert.Equal(5, created!.RateLimitRpm);
        Assert.Equal(3, created.MaxSessions);
    }

    [Fact]
    public async Task SecondCreateWithTheSameIdIsRefused()
    {
        var id = NewId();
        Assert.NotNull(await Tenant(id).CreateAsync(new TenantChanges("first", TenantPlans.Free, null, null, "{}")));
        Assert.Null(await Tenant(id).CreateAsync(new TenantChanges("second", TenantPlans.Free, null, null, "{}")));
        Assert.Equal("first", (await Tenant(id).GetAsync())!.Name);
    }

    [Fact]
    public async Task UpdateChangesOnlyTheGivenFields()
    {
        var id = NewId();
        await Tenant(id).CreateAsync(new TenantChanges("before", TenantPlans.Free, 10, 10, "{}"));
        var updated = await Tenant(id).UpdateAsync(new TenantChanges(null, null, 99, null, null));
        Assert.Equal("before", updated!.Name);
        Assert.Equal(99, updated.RateLimitRpm);
        Assert.Equal(10, updated.MaxSessions);
        Assert.True(updated.UpdatedAt >= updated.CreatedAt);
    }

    [Fact]
    public async Task DeletedTenantCannotBeUpdatedAndItsKeysStopResolving()
    {
        var id = NewId();
        await Tenant(id).CreateAsync(new TenantChanges("doomed", TenantPlans.Free, null, null, "{}"));
        await using var source = NpgsqlDataSource.Create(fixture.Database.ServiceConnectionString);
        var (_, raw) = await new ApiKeyStore(new TenantDb(source)).CreateAsync(id, "k", ["user"], ["read"], null);
        var keyGrain = fixture.Cluster.GrainFactory.GetGrain<IApiKeyGrain>(ApiKeyStore.Hash(raw));
        Assert.NotNull(await keyGrain.ResolveAsync());

        var deleted = await Tenant(id).DeleteAsync();
        Assert.NotNull(deleted);
        Assert.False((await Tenant(id).GetAsync())!.IsActive);
        // Purge is scheduled one grace period (30 days by default) after the deletion.
        Assert.InRange(deleted.PurgeAfter!.Value - deleted.DeletedAt!.Value, TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1), TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1));
        Assert.Null(await Tenant(id).UpdateAsync(new TenantChanges("x", null, null, null, null)));
        // The key still resolves, marked: only the deletion endpoints accept it.
        Assert.True((await keyGrain.ResolveAsync())!.TenantDeleted);
        Assert.Null(await Tenant(id).DeleteAsync());
        Assert.False(await Tenant(id).PurgeIfDueAsync());
        Assert.Equal(1L, await ScalarAsync($"SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE '%{id}%' AND remindername = 'purge'"));

        var restored = await Tenant(id).RestoreAsync();
        Assert.True(restored!.IsActive);
        Assert.Null(restored.PurgeAfter);
        Assert.False((await keyGrain.ResolveAsync())!.TenantDeleted);
        Assert.Null(await Tenant(id).RestoreAsync());
        Assert.Equal(0L, await ScalarAsync($"SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE '%{id}%'"));
        Assert.Equal("after", (await Tenant(id).UpdateAsync(new TenantChanges("after", null, null, null, null)))!.Name);
    }

    private Task<long> ScalarAsync(string sql) => fixture.Database.ScalarAsSuperuserAsync<long>(sql);

    [Fact]
    public async Task TheRecordIsServedFromTheGrainCacheNotReReadEachCall()
    {
        var id = NewId();
        await Tenant(id).CreateAsync(new TenantChanges("cached", TenantPlans.Free, null, null, "{}"));
        // A change behind the grain's back (superuser, no RLS) is not seen: the grain owns the record.
        await fixture.Database.ExecuteAsSuperuserAsync($"UPDATE tenants SET name = 'changed' WHERE id = '{id}'");
        Assert.Equal("cached", (await Tenant(id).GetAsync())!.Name);
    }
}
