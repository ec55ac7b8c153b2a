using System.Net;
using System.Net.Http.Json;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Webhooks;

public sealed class WebhookFixture : IAsyncLifetime
{
    public WebhookCluster Hooks { get; private set; } = null!;

    public async Task InitializeAsync() => Hooks = await WebhookCluster.StartAsync(1, WebhookCluster.Loopback);

    public async Task DisposeAsync() => await Hooks.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class WebhookCollection : ICollectionFixture<WebhookFixture>
{
    public const string Name = "webhooks";
}

/// <summary>Events leave from the outbox signed as Standard Webhooks say, are retried with the same id, and end dead when they never get through.</summary>
[Collection(WebhookCollection.Name)]
public sealed class WebhookDeliveryTests(WebhookFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>A tenant with a 2 USD daily budget, its admin's client, and a receiver registered for <paramref name="events"/> answering as <paramref name="mode"/> says.</summary>
    private async Task<Endpoint> EndpointAsync(string mode, params string[] events)
    {
        var (tenant, key) = await fixture.Hooks.TenantAsync();
        var http = fixture.Hooks.Cluster.First.CreateClient(key);
        var receiver = await WebhookReceiver.StartAsync();
        var (id, secret) = await WebhookCluster.RegisterAsync(http, receiver.Url, events);
        await receiver.ConfigureAsync(secret, mode);
        return new Endpoint(tenant, id, secret, http, receiver);
    }

    private sealed record Endpoint(string Tenant, string Id, string Secret, HttpClient Http, WebhookReceiver Receiver) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Receiver.DisposeAsync();
        }
    }

    [Fact]
    public async Task AnEventIsRetriedWithTheSameIdUntilTheEndpointTakesItAndEveryAttemptVerifies()
    {
        await using var hook = await EndpointAsync("fail-first:2", "budget.threshold_crossed");
        var (http, receiver, tenant, id) = (hook.Http, hook.Receiver, hook.Tenant, hook.Id);

        await WebhookCluster.CrossHalfTheBudgetAsync(http);

        var seen = await receiver.WaitForAsync(r => r.Any(x => x.Status == 200), Limit, "the event taken after two refusals");
        Assert.Equal([500, 500, 200], seen.Select(r => r.Status));
        Assert.All(seen, r => Assert.True(r.Verified, r.VerifyError));
        Assert.Single(seen.Select(r => r.WebhookId).Distinct());
        Assert.StartsWith("msg_", seen[0].WebhookId);
        var body = seen[^1].Body;
        Assert.Equal("budget.threshold_crossed", body.GetProperty("type").GetString());
        Assert.True(body.TryGetProperty("timestamp", out _));
        var data = body.GetProperty("data");
        Assert.Equal(tenant, data.GetProperty("tenant_id").GetString());
        Assert.Equal("tenant_daily", data.GetProperty("budget").GetString());
        Assert.Equal(50, data.GetProperty("threshold_percent").GetInt32());
        Assert.Equal(2m, data.GetProperty("limit_usd").GetDecimal());

        var delivery = Assert.Single(await WebhookCluster.DeliveriesAsync(http, id));
        Assert.Equal(seen[0].WebhookId, delivery.GetProperty("id").GetString());
        Assert.Equal(id, delivery.GetProperty("endpoint_id").GetString());
        Assert.Equal("budget.threshold_crossed", delivery.GetProperty("event_type").GetString());
        Assert.Equal("delivered", delivery.GetProperty("state").GetString());
        Assert.Equal(3, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(200, delivery.GetProperty("last_status_code").GetInt32());
    }

    [Fact]
    public async Task ADeliveryThatNeverGetsThroughEndsDeadAfterTheLastAttemptAndSaysWhy()
    {
        await using var hook = await EndpointAsync("always-fail", "budget.threshold_crossed", "response.completed");
        var (http, receiver, id) = (hook.Http, hook.Receiver, hook.Id);

        await WebhookCluster.CrossHalfTheBudgetAsync(http);

        await ApiHelpers.PollAsync(async () => (await WebhookCluster.DeliveriesAsync(http, id)) is [var d] && d.GetProperty("state").GetString() == "dead",
            Limit, "the delivery dead");
        var dead = Assert.Single(await WebhookCluster.DeliveriesAsync(http, id));
        // HERMES_WEBHOOK_MAX_ATTEMPTS=4 in this cluster.
        Assert.Equal(4, dead.GetProperty("attempts").GetInt32());
        Assert.Equal(500, dead.GetProperty("last_status_code").GetInt32());
        Assert.Contains("500", dead.GetProperty("last_error").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, dead.GetProperty("next_attempt_at").ValueKind);
        var seen = await receiver.RequestsAsync();
        Assert.Equal(4, seen.Count);
        Assert.Single(seen.Select(r => r.WebhookId).Distinct());
        Assert.All(seen, r => Assert.True(r.Verified, r.VerifyError));
    }

    [Fact]
    public async Task AnEndpointGetsOnlyTheEventTypesItAskedFor()
    {
        var (_, key) = await fixture.Hooks.TenantAsync();
        using var http = fixture.Hooks.Cluster.First.CreateClient(key);
        await using var receiver = await WebhookReceiver.StartAsync();
        var (other, _) = await WebhookCluster.RegisterAsync(http, receiver.Url, "response.completed");
        var (wanted, secret) = await WebhookCluster.RegisterAsync(http, receiver.Url, "budget.threshold_crossed");
        await receiver.ConfigureAsync(secret, "ok");

        await WebhookCluster.CrossHalfTheBudgetAsync(http);

        await receiver.WaitForAsync(r => r.Count == 1, Limit, "one delivery");
        Assert.Single(await WebhookCluster.DeliveriesAsync(http, wanted));
        Assert.Empty(await WebhookCluster.DeliveriesAsync(http, other));
    }

    [Fact]
    public async Task TheSecretIsShownOnceAndNeverInListingsDeliveriesOrLogs()
    {
        await using var hook = await EndpointAsync("fail-first:1", "budget.threshold_crossed");
        var (http, receiver, id, secret) = (hook.Http, hook.Receiver, hook.Id, hook.Secret);
        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", secret);
        await WebhookCluster.CrossHalfTheBudgetAsync(http);
        await receiver.WaitForAsync(r => r.Any(x => x.Status == 200), Limit, "the event delivered");

        var listed = await (await http.GetAsync("/v1/webhooks")).ExpectJsonAsync(HttpStatusCode.OK);
        var endpoint = Assert.Single(listed.GetProperty("data").EnumerateArray());
        Assert.Equal(id, endpoint.GetProperty("id").GetString());
        Assert.Equal(receiver.Url, endpoint.GetProperty("url").GetString());
        Assert.False(endpoint.TryGetProperty("secret", out _));
        var secretText = secret["whsec_".Length..];
        Assert.DoesNotContain(secretText, listed.GetRawText());
        Assert.DoesNotContain(secretText, await http.GetStringAsync($"/v1/webhooks/{id}/deliveries"));
        Assert.DoesNotContain(secretText, fixture.Hooks.Cluster.First.Output);
        Assert.DoesNotContain(secretText, await fixture.Hooks.Cluster.First.CreateClient().GetStringAsync("/v1/metrics"));
    }

    [Fact]
    public async Task DeliveryOutcomesAreCountedInTheMetrics()
    {
        await using var hook = await EndpointAsync("fail-first:1", "budget.threshold_crossed");
        var (http, receiver) = (hook.Http, hook.Receiver);
        using var anonymous = fixture.Hooks.Cluster.First.CreateClient();
        // The silo is shared with the collection's other tests: this delivery's outcomes are what the counters gained since now.
        var before = await OutcomesAsync(anonymous);
        await WebhookCluster.CrossHalfTheBudgetAsync(http);
        await receiver.WaitForAsync(r => r.Any(x => x.Status == 200), Limit, "the event delivered");

        await ApiHelpers.PollAsync(async () =>
        {
            var now = await OutcomesAsync(anonymous);
            return now.Delivered >= before.Delivered + 1 && now.Retry >= before.Retry + 1;
        }, Limit, "this delivery's retry and its delivery counted");
    }

    private static async Task<(double Delivered, double Retry)> OutcomesAsync(HttpClient anonymous)
    {
        var samples = Observability.PrometheusText.Parse(await anonymous.GetStringAsync("/v1/metrics")).Family("hermes_webhook_deliveries_total").ToList();
        double Count(string outcome) => samples.Where(s => s.Label("outcome") == outcome).Sum(s => s.Value);
        return (Count("delivered"), Count("retry"));
    }
}
