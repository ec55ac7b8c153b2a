using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HermesX.IntegrationTests.Chat;
using HermesX.IntegrationTests.Governance;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Webhooks;

/// <summary>
/// Silos whose catalog prices <see cref="SpendBudgetFixture.Priced"/> at 1 USD a call: a tenant with a
/// daily budget of 2 USD crosses 50 % with its first call, which queues a budget.threshold_crossed event.
/// </summary>
public sealed class WebhookCluster : IAsyncDisposable
{
    /// <summary>Loopback receivers allowed, quick retries, four attempts before a delivery is dead.</summary>
    public static readonly IReadOnlyDictionary<string, string> Loopback = new Dictionary<string, string>
    {
        ["HERMES_OUTBOUND_ALLOW_PRIVATE"] = "true",
        ["HERMES_WEBHOOK_RETRY_BASE_MS"] = "100",
        ["HERMES_WEBHOOK_MAX_ATTEMPTS"] = "4",
    };

    private readonly string _catalog;

    private WebhookCluster(ChatCluster chat, string catalog)
    {
        Chat = chat;
        _catalog = catalog;
    }

    public ChatCluster Chat { get; }

    public HermesCluster Cluster => Chat.Cluster;

    public static async Task<WebhookCluster> StartAsync(int silos, IReadOnlyDictionary<string, string> environment)
    {
        var catalog = Path.Combine(Path.GetTempPath(), $"hermes-catalog-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(catalog, SpendBudgetFixture.Catalog);
        var env = new Dictionary<string, string>(environment) { ["HERMES_MODEL_CATALOG"] = catalog };
        return new WebhookCluster(await ChatCluster.StartAsync(silos, env), catalog);
    }

    /// <summary>A new tenant with a daily budget of 2 USD and an admin key of it.</summary>
    public async Task<(string Tenant, string Key)> TenantAsync()
    {
        using var admin = Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync(extra: new { plan = "pro", daily_budget_usd = 2 })).GetProperty("id").GetString()!;
        var (_, key) = await admin.CreateKeyAsync(tenant, ["admin"]);
        return (tenant, key);
    }

    /// <summary>Registers an endpoint; returns its id and secret.</summary>
    public static async Task<(string Id, string Secret)> RegisterAsync(HttpClient http, string url, params string[] events)
    {
        var created = await (await http.PostAsJsonAsync("/v1/webhooks", new { url, events })).ExpectJsonAsync(HttpStatusCode.Created);
        return (created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
    }

    /// <summary>One priced call: the tenant's daily budget of 2 USD crosses 50 %.</summary>
    public static async Task CrossHalfTheBudgetAsync(HttpClient http)
    {
        var turn = await SpendBudgetFixture.TurnAsync(http, "chat", "spend " + Guid.NewGuid().ToString("N")[..8]);
        Assert.True(turn.Status == HttpStatusCode.OK, turn.Body);
    }

    public static async Task<List<JsonElement>> DeliveriesAsync(HttpClient http, string endpointId) =>
        [.. (await (await http.GetAsync($"/v1/webhooks/{endpointId}/deliveries")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray()];

    public async ValueTask DisposeAsync()
    {
        await Chat.DisposeAsync();
        File.Delete(_catalog);
    }
}
