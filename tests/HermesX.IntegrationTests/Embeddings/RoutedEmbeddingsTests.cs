using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HermesX.FakeLlm.Conversation;
using HermesX.FakeLlm.Scripting;
using HermesX.IntegrationTests.Chat;
using HermesX.IntegrationTests.Observability;
using HermesX.Testing;
using Routing = HermesX.IntegrationTests.Chat.DeploymentRoutingTests.Fixture;

namespace HermesX.IntegrationTests.Embeddings;

/// <summary>
/// <c>POST /v1/embeddings</c> routed like chat: by weight among a model's deployments, a failing one cooled down,
/// then down the model's fallbacks past those whose provider has no embeddings; the answer, the usage row and
/// the deployment metric name the deployment that served.
/// </summary>
[Collection(DeploymentRoutingTests.Collection.Name)]
public sealed class RoutedEmbeddingsTests(Routing fixture)
{
    private const string Header = "X-Hermes-Deployment";

    private string PrimaryDeployment(string upstream) => $"{new Uri(fixture.Primary.BaseUrl).Authority}/{upstream}";

    private string ClusterDeployment(string upstream) => $"{new Uri(fixture.Chat.Llm.BaseUrl).Authority}/{upstream}";

    /// <summary>A new tenant's user key, and an admin key of it that reads its usage rows.</summary>
    private async Task<(string User, string Admin)> TenantAsync()
    {
        var (tenant, key) = await fixture.Chat.TenantWithKeyAsync();
        using var platform = fixture.Chat.Cluster.Admin();
        var (_, adminKey) = await platform.CreateKeyAsync(tenant, ["admin"]);
        return (key, adminKey);
    }

    private static async Task<(HttpStatusCode Status, string? Deployment, JsonElement Body)> EmbedAsync(HttpClient http, string model, string input)
    {
        using var response = await http.PostAsJsonAsync("/v1/embeddings", new { model, input });
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, response.Headers.TryGetValues(Header, out var d) ? d.Single() : null, body);
    }

    [Fact]
    public async Task AFailingDeploymentIsLeftForTheOtherAndCooledDown()
    {
        var (userKey, adminKey) = await TenantAsync();
        using var user = fixture.Chat.Cluster.First.CreateClient(userKey);
        using var admin = fixture.Chat.Cluster.First.CreateClient(adminKey);
        var failing = PrimaryDeployment("embed-primary");
        var healthy = ClusterDeployment("embed-second");
        int PrimaryEmbeddings() => fixture.Primary.Requests.Count(r => r.Path == "/v1/embeddings");
        fixture.Primary.Enqueue(FakeReply.WithError(503));

        // Weights pick the first deployment at random: call until the failing one has had its one request.
        var calls = 0;
        (HttpStatusCode Status, string? Deployment, JsonElement Body) failedOver = default;
        while (PrimaryEmbeddings() == 0 && calls < 60)
        {
            failedOver = await EmbedAsync(user, Routing.WeightedEmbeddings, "alpha");
            calls++;
            Assert.Equal(HttpStatusCode.OK, failedOver.Status);
        }
        Assert.Equal(1, PrimaryEmbeddings());
        Assert.Equal(healthy, failedOver.Deployment);
        Assert.Equal(FakeEmbeddings.Vector("alpha")[0], failedOver.Body.GetProperty("data")[0].GetProperty("embedding")[0].GetSingle(), 1e-6f);

        // Cooled down for 600 s: every call goes to the other deployment.
        for (var i = 0; i < 20; i++)
        {
            var (status, deployment, _) = await EmbedAsync(user, Routing.WeightedEmbeddings, "beta");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(healthy, deployment);
        }
        Assert.Equal(1, PrimaryEmbeddings());

        var rows = (await admin.GetFromJsonAsync<JsonElement>("/v1/usage/details?limit=100")).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(calls + 20, rows.Count);
        Assert.All(rows, r => Assert.Equal(healthy, r.GetProperty("deployment").GetString()));

        using var anonymous = fixture.Chat.Cluster.First.CreateClient();
        var scrape = PrometheusText.Parse(await anonymous.GetStringAsync("/v1/metrics"));
        double Count(string deployment, string outcome) => scrape.Samples
            .Where(s => s.Name == "hermes_llm_deployment_calls_total" && s.Label("model") == Routing.WeightedEmbeddings
                && s.Label("deployment") == deployment && s.Label("outcome") == outcome)
            .Sum(s => s.Value);
        Assert.Equal(1, Count(failing, "unavailable"));
        Assert.Equal(0, Count(failing, "success"));
        Assert.Equal(calls + 20, Count(healthy, "success"));
    }

    [Fact]
    public async Task AFailingModelFallsBackPastAModelWithoutEmbeddingsAndIsBilledAtTheFallbacksPrice()
    {
        var (userKey, adminKey) = await TenantAsync();
        using var user = fixture.Chat.Cluster.First.CreateClient(userKey);
        using var admin = fixture.Chat.Cluster.First.CreateClient(adminKey);
        var before = fixture.Chat.Llm.RequestCount;
        fixture.Primary.Enqueue(FakeReply.WithError(503));

        var (status, deployment, body) = await EmbedAsync(user, Routing.FallingEmbeddings, "fall back");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(ClusterDeployment(Routing.EmbeddingsFallback), deployment);
        // The answer keeps the model the client asked for.
        Assert.Equal(Routing.FallingEmbeddings, body.GetProperty("model").GetString());
        Assert.Equal(FakeEmbeddings.Vector("fall back")[0], body.GetProperty("data")[0].GetProperty("embedding")[0].GetSingle(), 1e-6f);
        // The Anthropic model between them was passed over: the cluster's fake had only the fallback's embeddings call.
        var sent = Assert.Single(fixture.Chat.Llm.Requests.Skip((int)before));
        Assert.Equal("/v1/embeddings", sent.Path);
        Assert.Equal(Routing.EmbeddingsFallback, sent.Model);

        // Billed before answered, as the fallback at its price: 9 characters are 3 tokens.
        var row = Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/v1/usage/details")).GetProperty("data").EnumerateArray());
        Assert.Equal(Routing.EmbeddingsFallback, row.GetProperty("model").GetString());
        Assert.Equal(ClusterDeployment(Routing.EmbeddingsFallback), row.GetProperty("deployment").GetString());
        Assert.Equal(3L, row.GetProperty("input_tokens").GetInt64());
        Assert.Equal(3 * Routing.FallbackInputPrice / 1_000_000m, row.GetProperty("cost_usd").GetDecimal());
    }

    [Fact]
    public async Task AChainInWhichNoModelServesEmbeddingsIsRefusedNamingIt()
    {
        using var user = fixture.Chat.Cluster.First.CreateClient((await TenantAsync()).User);
        var before = fixture.Chat.Llm.RequestCount;

        var (status, _, body) = await EmbedAsync(user, Routing.AnthropicInChain, "alpha");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = body.GetProperty("error");
        Assert.Equal("model_not_supported", error.GetProperty("code").GetString());
        Assert.Equal("model", error.GetProperty("param").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains(Routing.AnthropicInChain, message, StringComparison.Ordinal);
        Assert.Contains("anthropic", message, StringComparison.Ordinal);
        Assert.Contains(Routing.GeminiInChain, message, StringComparison.Ordinal);
        Assert.Equal(before, fixture.Chat.Llm.RequestCount);
    }
}
