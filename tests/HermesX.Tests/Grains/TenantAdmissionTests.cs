using HermesX.Grains.Abstractions.Tenants;

namespace HermesX.Tests.Grains;

/// <summary>A turn that must wait for budget held by running turns is answered by the release that frees it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TenantAdmissionTests(ClusterFixture fixture)
{
    private async Task<ITenantGrain> TenantWithDailyBudgetAsync(long budget)
    {
        var tenant = fixture.Cluster.GrainFactory.GetGrain<ITenantGrain>("t-" + Guid.NewGuid().ToString("N")[..12]);
        await tenant.CreateAsync("waits", TenantPlans.Free, null, null, "{}");
        await tenant.UpdateAsync(new TenantChanges(null, null, null, null, null, DailyTokenBudget: budget));
        return tenant;
    }

    [Fact]
    public async Task AWaitingTurnIsAdmittedByTheReleaseThatMakesRoom()
    {
        var tenant = await TenantWithDailyBudgetAsync(20_000);
        // Before any turn is seen, one is expected to cost 16,384: the first holds that, the second the 3,616 left.
        var first = await tenant.AdmitTurnAsync("u", newSession: false, stream: false);
        var second = await tenant.AdmitTurnAsync("u", newSession: false, stream: false);
        Assert.Equal((16_384L, 3_616L), (first.Reservation, second.Reservation));

        var waiting = tenant.AdmitTurnAsync("u", newSession: false, stream: false);
        // The grain keeps answering while the turn waits inside it.
        Assert.True((await tenant.GetAsync())!.IsActive);
        Assert.False(waiting.IsCompleted);

        // The first turn cost 100: the next is expected to cost as much, and 16,284 are free again.
        await tenant.ReleaseAsync("u", stream: false, tokens: 100, first.Reservation);
        var admitted = await waiting;
        Assert.Equal((true, 100L), (admitted.Allowed, admitted.Reservation));
    }

    [Fact]
    public async Task AWaitingTurnWhoseCallerGoesAwayHoldsNothing()
    {
        var tenant = await TenantWithDailyBudgetAsync(20_000);
        var first = await tenant.AdmitTurnAsync("u", newSession: false, stream: false);
        var second = await tenant.AdmitTurnAsync("u", newSession: false, stream: false);
        using var gone = new CancellationTokenSource();
        var waiting = tenant.AdmitTurnAsync("u", newSession: false, stream: false, gone.Token);
        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        await tenant.ReleaseAsync("u", stream: false, tokens: 100, first.Reservation);
        await tenant.ReleaseAsync("u", stream: false, tokens: 100, second.Reservation);
        // Nothing was reserved for the cancelled turn: all but the 200 spent is free.
        var next = await tenant.AdmitTurnAsync("u", newSession: false, stream: false);
        Assert.Equal((true, 100L), (next.Allowed, next.Reservation));
        Assert.False((await tenant.AdmitTurnAsync("u", newSession: false, stream: false)).Wait);
    }
}
