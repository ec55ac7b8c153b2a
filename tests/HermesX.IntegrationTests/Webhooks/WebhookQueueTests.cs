using HermesX.Grains.Store;
using HermesX.Grains.Webhooks;
using HermesX.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace HermesX.IntegrationTests.Webhooks;

/// <summary>The outbox's claims and retention, under the service's role (row-level security on), against a real Postgres.</summary>
public sealed class WebhookQueueTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private NpgsqlDataSource _source = null!;
    private WebhookQueue _queue = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _source = NpgsqlDataSource.Create(_db.ServiceConnectionString);
        await new Migrator(_source, NullLogger<Migrator>.Instance).MigrateAsync();
        _queue = new WebhookQueue(new TenantDb(_source));
        foreach (var t in new[] { "tenant-a", "tenant-b" })
        {
            await new TenantDb(_source).InTenantAsync(t, "seed", "test", async (c, tx, ct) =>
            {
                await c.ExecuteAsync(tx, "INSERT INTO tenants (id, name, plan, rate_limit_rpm, max_sessions) VALUES (@t, @t, 'free', 60, 10)", ct, ("t", t));
                return await c.ExecuteAsync(tx, "INSERT INTO webhook_endpoints (tenant_id, id, url, events, secret) VALUES (@t, 'wh_1', 'https://203.0.113.1/', '{budget.threshold_crossed}', 'whsec_c2VlZA==')", ct, ("t", t));
            });
        }
    }

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        await _db.DisposeAsync();
    }

    private Task AddAsync(string tenant, string id, string state, string age) => _db.ExecuteAsSuperuserAsync($"""
        INSERT INTO webhook_deliveries (tenant_id, id, endpoint_id, event_type, body, state, next_attempt_at, created_at)
        VALUES ('{tenant}', '{id}', 'wh_1', 'budget.threshold_crossed', '{"{}"}', '{state}', CASE WHEN '{state}' = 'pending' THEN now() END, now() - interval '{age}')
        """);

    [Fact]
    public async Task ConcurrentClaimsNeverTakeTheSameAttemptAndALapsedLeaseIsClaimedAgainWithTheSameId()
    {
        await AddAsync("tenant-a", "msg_one", "pending", "1 second");
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _queue.ClaimAsync("tenant-a", 10, 5, TimeSpan.FromMilliseconds(300))));
        var first = Assert.Single(claims.SelectMany(c => c));
        Assert.Equal(("msg_one", 1), (first.Id, first.Attempt));
        Assert.Equal("https://203.0.113.1/", first.Url);

        // Within the lease nobody takes it; once it lapses (the claimer died), the next claim makes attempt 2 of the same delivery.
        Assert.Empty(await _queue.ClaimAsync("tenant-a", 10, 5, TimeSpan.FromSeconds(30)));
        List<ClaimedDelivery> again = [];
        await ApiHelpers.PollAsync(async () => (again = await _queue.ClaimAsync("tenant-a", 10, 5, TimeSpan.FromSeconds(30))).Count == 1,
            TimeSpan.FromSeconds(10), "the lapsed lease claimed again");
        Assert.Equal(("msg_one", 2), (again[0].Id, again[0].Attempt));

        // The first claim's late outcome is not written over the second's.
        await _queue.RecordAsync(first, delivered: true, 200, null, null);
        Assert.Equal("pending", await _db.ScalarAsSuperuserAsync<string>("SELECT state FROM webhook_deliveries WHERE id = 'msg_one'"));
        await _queue.RecordAsync(again[0], delivered: true, 200, null, null);
        Assert.Equal("delivered", await _db.ScalarAsSuperuserAsync<string>("SELECT state FROM webhook_deliveries WHERE id = 'msg_one'"));
    }

    [Fact]
    public async Task ADeliveryWhoseLastAttemptEndedWithoutAnOutcomeIsDead()
    {
        await AddAsync("tenant-a", "msg_last", "pending", "1 second");
        var claim = Assert.Single(await _queue.ClaimAsync("tenant-a", 10, maxAttempts: 1, TimeSpan.FromMilliseconds(200)));
        Assert.Equal(1, claim.Attempt);
        await ApiHelpers.PollAsync(async () =>
        {
            Assert.Empty(await _queue.ClaimAsync("tenant-a", 10, maxAttempts: 1, TimeSpan.FromSeconds(30)));
            return await _db.ScalarAsSuperuserAsync<string>("SELECT state FROM webhook_deliveries WHERE id = 'msg_last'") == "dead";
        }, TimeSpan.FromSeconds(10), "the delivery dead");
    }

    [Fact]
    public async Task RetentionRemovesOldDeliveredAndDeadDeliveriesOfEveryTenantAndKeepsPendingAndRecentOnes()
    {
        foreach (var t in new[] { "tenant-a", "tenant-b" })
        {
            await AddAsync(t, "msg_old_delivered", "delivered", "40 days");
            await AddAsync(t, "msg_old_dead", "dead", "40 days");
            await AddAsync(t, "msg_old_pending", "pending", "40 days");
            await AddAsync(t, "msg_new_dead", "dead", "1 day");
        }

        Assert.Equal(4, await _queue.PruneAsync(DateTimeOffset.UtcNow - TimeSpan.FromDays(30)));

        var left = await _db.ColumnAsSuperuserAsync("SELECT tenant_id || '/' || id FROM webhook_deliveries ORDER BY 1");
        Assert.Equal(["tenant-a/msg_new_dead", "tenant-a/msg_old_pending", "tenant-b/msg_new_dead", "tenant-b/msg_old_pending"], left);
    }
}
