using System.Net;
using System.Net.Http.Json;
using HermesX.FakeLlm.Scripting;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Governance;

/// <summary>
/// A call that moves to a fallback model is billed at the fallback's prices, and its reservation is raised to
/// the fallback's worst case before the fallback is called: refused when that would overrun a budget.
/// </summary>
[Collection(SpendBudgetCollection.Name)]
public sealed class FallbackPricingTests(SpendBudgetFixture fixture)
{
    private static string Marker() => "fallback-" + Guid.NewGuid().ToString("N")[..10];

    private string DearDeployment => $"{new Uri(fixture.Chat.Llm.BaseUrl).Authority}/{SpendBudgetFixture.Dear}";

    private int PrimaryCallsWith(string marker) => fixture.Primary.Requests.Count(r => r.Body.Contains(marker, StringComparison.Ordinal));

    private Task<T?> ScalarAsync<T>(string sql) => fixture.Chat.Cluster.Database.ScalarAsSuperuserAsync<T>(sql);

    [Theory]
    [InlineData("chat")]
    [InlineData("chat-stream")]
    public async Task AFallbackIsBilledAtItsOwnPricesAndSettledAgainstAllThatWasReserved(string endpoint)
    {
        // 4 USD: the fallback's call (3 USD) and one call of the requested model (1 USD), nothing more.
        var (tenant, _, key) = await fixture.TenantAndKeyAsync(new { daily_budget_usd = 4 });
        using var http = fixture.Chat.Cluster.First.CreateClient(key);
        var marker = Marker();
        fixture.Primary.Enqueue(FakeReply.WithError(503));

        var fellBack = await SpendBudgetFixture.TurnAsync(http, endpoint, $"{marker} 1", model: SpendBudgetFixture.Routed);

        Assert.True(fellBack.Status == HttpStatusCode.OK, fellBack.Body);
        Assert.Equal(1, PrimaryCallsWith(marker));
        Assert.Equal(1, fixture.CallsWith(marker));
        await ApiHelpers.PollAsync(async () => await ScalarAsync<long>($"SELECT count(*) FROM usage_records WHERE tenant_id = '{tenant}'") == 1,
            TimeSpan.FromSeconds(10), "the fallback's usage row");
        Assert.Equal($"{SpendBudgetFixture.Dear}|openai|{DearDeployment}|3.0000000000", await ScalarAsync<string>(
            $"SELECT model || '|' || provider || '|' || deployment || '|' || cost_usd FROM usage_records WHERE tenant_id = '{tenant}'"));

        // Spent 3 and nothing still held: the requested model's 1 USD call fits, and then nothing does.
        var served = await SpendBudgetFixture.TurnAsync(http, endpoint, $"{marker} 2", model: SpendBudgetFixture.Routed);
        Assert.True(served.Status == HttpStatusCode.OK, served.Body);
        SpendBudgetFixture.AssertRefused(endpoint, "tenant_daily", await SpendBudgetFixture.TurnAsync(http, endpoint, $"{marker} 3", model: SpendBudgetFixture.Routed));
        Assert.Equal(2, PrimaryCallsWith(marker));
        await ApiHelpers.PollAsync(async () => await ScalarAsync<decimal>($"SELECT sum(cost_usd) FROM usage_records WHERE tenant_id = '{tenant}'") == 4m,
            TimeSpan.FromSeconds(10), "four dollars recorded");
    }

    [Theory]
    [InlineData("chat")]
    [InlineData("chat-stream")]
    public async Task AFallbackWhoseWorstCaseOverrunsTheBudgetIsRefusedBeforeItIsCalled(string endpoint)
    {
        // 2 USD covers the requested model's worst case (1 USD) but not the fallback's (3 USD).
        var (tenant, _, key) = await fixture.TenantAndKeyAsync(new { daily_budget_usd = 2 });
        using var http = fixture.Chat.Cluster.First.CreateClient(key);
        var marker = Marker();
        fixture.Primary.Enqueue(FakeReply.WithError(503));

        SpendBudgetFixture.AssertRefused(endpoint, "tenant_daily",
            await SpendBudgetFixture.TurnAsync(http, endpoint, $"{marker} 1", model: SpendBudgetFixture.Routed));
        Assert.Equal(1, PrimaryCallsWith(marker));
        Assert.Equal(0, fixture.CallsWith(marker));

        // Nothing was spent and nothing is still held: two calls of the requested model fit, a third does not.
        for (var i = 2; i <= 3; i++)
        {
            var served = await SpendBudgetFixture.TurnAsync(http, endpoint, $"{marker} {i}", model: SpendBudgetFixture.Routed);
            Assert.True(served.Status == HttpStatusCode.OK, served.Body);
        }
        SpendBudgetFixture.AssertRefused(endpoint, "tenant_daily", await SpendBudgetFixture.TurnAsync(http, endpoint, $"{marker} 4", model: SpendBudgetFixture.Routed));
        Assert.Equal(3, PrimaryCallsWith(marker));
        Assert.Equal(0L, await ScalarAsync<long>($"SELECT count(*) FROM usage_records WHERE tenant_id = '{tenant}' AND model <> '{SpendBudgetFixture.Routed}'"));
    }

    [Fact]
    public async Task AnEmbeddingsFallbackIsBilledAtItsPricesAndRefusedWhenItsWorstCaseOverrunsTheBudget()
    {
        // The requested model costs nothing; its fallback 1 USD an input token, so "ab" (one token) costs 1 USD.
        var (tenant, _, key) = await fixture.TenantAndKeyAsync(new { daily_budget_usd = 1.5 });
        using var http = fixture.Chat.Cluster.First.CreateClient(key);
        async Task<HttpResponseMessage> EmbedAsync(string input) =>
            await http.PostAsJsonAsync("/v1/embeddings", new { model = SpendBudgetFixture.RoutedEmbeddings, input });

        fixture.Primary.Enqueue(FakeReply.WithError(503));
        using (var fellBack = await EmbedAsync("ab"))
        {
            Assert.Equal(HttpStatusCode.OK, fellBack.StatusCode);
            Assert.Equal($"{new Uri(fixture.Chat.Llm.BaseUrl).Authority}/{SpendBudgetFixture.PricedEmbeddings}",
                Assert.Single(fellBack.Headers.GetValues("X-Hermes-Deployment")));
        }
        // Committed before the answer: read at once.
        Assert.Equal($"{SpendBudgetFixture.PricedEmbeddings}|1.0000000000", await ScalarAsync<string>(
            $"SELECT model || '|' || cost_usd FROM usage_records WHERE tenant_id = '{tenant}'"));

        // 1 USD spent: the fallback's worst case (1 USD) no longer fits, and it is not called.
        var before = fixture.Chat.Llm.RequestCount;
        fixture.Primary.Enqueue(FakeReply.WithError(503));
        using var refused = await EmbedAsync("cd");
        SpendBudgetFixture.AssertRefused("embeddings", "tenant_daily", await SpendBudgetFixture.AnswerAsync(refused));
        Assert.Equal(before, fixture.Chat.Llm.RequestCount);
        // The requested model, at no cost, still serves.
        using var free = await EmbedAsync("ef");
        Assert.Equal(HttpStatusCode.OK, free.StatusCode);
    }
}
