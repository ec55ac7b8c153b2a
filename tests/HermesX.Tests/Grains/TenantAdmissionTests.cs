using HermesX.Grains.Abstractions.Tenants;
using HermesX.Grains.Tenants;

namespace HermesX.Tests.Grains;

/// <summary>
/// A turn that must wait for budget held by running turns is answered by the release that frees it,
/// or by a change of the tenant's record, which its TenantGrain passes on to the quota grain.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TenantAdmissionTests(ClusterFixture fixture)
{
    private async Task<(ITenantGrain Tenant, ITenantQuotaGrain Quota)> TenantWithDailyBudgetAsync(long budget)
    {
        var id = "t-" + Guid.NewGuid().ToString("N")[..12];
        var tenant = fixture.Cluster.GrainFactory.GetGrain<ITenantGrain>(id);
        await tenant.CreateAsync(new TenantChanges("waits", TenantPlans.Free, null, null, "{}"));
        await tenant.UpdateAsync(new TenantChanges(null, null, null, null, null, DailyTokenBudget: budget));
        return (tenant, fixture.Cluster.GrainFactory.GetGrain<ITenantQuotaGrain>(id));
    }

    [Fact]
    public async Task AWaitingTurnIsAdmittedByTheReleaseThatMakesRoom()
    {
        var (tenant, quota) = await TenantWithDailyBudgetAsync(20_000);
        // Before any turn is seen, one is expected to cost 16,384: the first holds that, the second the 3,616 left.
        var first = await quota.AdmitTurnAsync("u", newSession: false, stream: false);
        var second = await quota.AdmitTurnAsync("u", newSession: false, stream: false);
        Assert.Equal((16_384L, 3_616L), (first.Reservation, second.Reservation));

        var waiting = quota.AdmitTurnAsync("u", newSession: false, stream: false);
        // The grains keep answering while the turn waits inside the quota grain.
        Assert.True((await tenant.GetAsync())!.IsActive);
        await quota.SessionDeletedAsync();
        Assert.False(waiting.IsCompleted);

        // The first turn cost 100: the next is expected to cost as much, and 16,284 are free again.
        await quota.ReleaseAsync("u", stream: false, tokens: 100, first.Reservation);
        var admitted = await waiting;
        Assert.Equal((true, 100L), (admitted.Allowed, admitted.Reservation));
    }

    [Fact]
    public async Task AWaitingTurnWhoseCallerGoesAwayHoldsNothing()
    {
        var (_, quota) = await TenantWithDailyBudgetAsync(20_000);
        var first = await quota.AdmitTurnAsync("u", newSession: false, stream: false);
        var second = await quota.AdmitTurnAsync("u", newSession: false, stream: false);
        using var gone = new CancellationTokenSource();
        var waiting = quota.AdmitTurnAsync("u", newSession: false, stream: false, gone.Token);
        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        await quota.ReleaseAsync("u", stream: false, tokens: 100, first.Reservation);
        await quota.ReleaseAsync("u", stream: false, tokens: 100, second.Reservation);
        // Nothing was reserved for the cancelled turn: all but the 200 spent is free.
        var next = await quota.AdmitTurnAsync("u", newSession: false, stream: false);
        Assert.Equal((true, 100L), (next.Allowed, next.Reservation));
        Assert.False((await quota.AdmitTurnAsync("u", newSession: false, stream: false)).Wait);
    }

    [Fact]
    public async Task ARaisedBudgetAdmitsAWaitingTurnWithoutARelease()
    {
        var (tenant, quota) = await TenantWithDailyBudgetAsync(20_000);
        await quota.AdmitTurnAsync("u", newSession: false, stream: false);
        await quota.AdmitTurnAsync("u", newSession: false, stream: false);
        var waiting = quota.AdmitTurnAsync("u", newSession: false, stream: false);
        Assert.False(waiting.IsCompleted);

        // Nothing is released: only the tenant grain's word of the change can wake the turn before its 20 s wait ends.
        await tenant.UpdateAsync(new TenantChanges(null, null, null, null, null, DailyTokenBudget: 1_000_000));
        var admitted = await waiting;
        Assert.Equal((true, TenantQuota.InitialEstimate), (admitted.Allowed, admitted.Reservation));
    }

    [Fact]
    public async Task ADeletedTenantAdmitsNothingUntilItIsRestored()
    {
        var (tenant, quota) = await TenantWithDailyBudgetAsync(1_000_000);
        Assert.True((await quota.AdmitTurnAsync("u", newSession: true, stream: false)).Allowed);

        await tenant.DeleteAsync();
        var refused = await quota.AdmitTurnAsync("u", newSession: false, stream: false);
        Assert.Equal((false, "tenant"), (refused.Allowed, refused.Quota));
        Assert.False((await quota.AdmitSessionAsync()).Allowed);

        await tenant.RestoreAsync();
        Assert.True((await quota.AdmitTurnAsync("u", newSession: false, stream: false)).Allowed);
    }

    [Fact]
    public async Task ALoweredMaxSessionsAppliesToTheNextNewSession()
    {
        var (tenant, quota) = await TenantWithDailyBudgetAsync(1_000_000);
        Assert.True((await quota.AdmitSessionAsync()).Allowed);
        Assert.True((await quota.AdmitSessionAsync()).Allowed);

        await tenant.UpdateAsync(new TenantChanges(null, null, null, MaxSessions: 2, null));
        var refused = await quota.AdmitTurnAsync("u", newSession: true, stream: false);
        Assert.Equal((false, Quotas.MaxSessions), (refused.Allowed, refused.Quota));
        Assert.True((await quota.AdmitTurnAsync("u", newSession: false, stream: false)).Allowed);
    }
}
