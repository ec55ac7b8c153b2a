using System.Net;
using System.Net.Http.Json;
using HermesX.FakeLlm.Scripting;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Governance;

/// <summary>USD budgets reserved before and settled after every model call, by the one spend grain of each tenant.</summary>
[Collection(SpendBudgetCollection.Name)]
public sealed class SpendBudgetTests(SpendBudgetFixture fixture)
{
    private static string Marker() => "budget-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task ConcurrentTurnsAcrossSilosMakeExactlyTheCallsTheBudgetAdmits()
    {
        var (tenant, _, key) = await fixture.TenantAndKeyAsync(new { daily_budget_usd = 7 });
        using var one = fixture.Chat.Cluster.Silos[0].CreateClient(key);
        using var two = fixture.Chat.Cluster.Silos[1].CreateClient(key);
        var marker = Marker();
        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i =>
            SpendBudgetFixture.TurnAsync(i % 2 == 0 ? one : two, i % 3 == 0 ? "chat-stream" : "chat", $"{marker} {i}")));

        Assert.Equal(7, results.Count(r => r.Status == HttpStatusCode.OK));
        Assert.All(results.Where(r => r.Status != HttpStatusCode.OK), r => SpendBudgetFixture.AssertRefused("chat", "tenant_daily", r));
        Assert.Equal(7, fixture.CallsWith(marker));
        await ApiHelpers.PollAsync(async () => await fixture.Chat.Cluster.Database.ScalarAsSuperuserAsync<decimal>(
            $"SELECT coalesce(sum(cost_usd), 0) FROM usage_records WHERE tenant_id = '{tenant}'") == 7m, TimeSpan.FromSeconds(10), "seven dollars recorded");
    }

    [Theory]
    [InlineData("chat")]
    [InlineData("chat-stream")]
    [InlineData("responses")]
    [InlineData("responses-stream")]
    [InlineData("messages")]
    [InlineData("messages-stream")]
    public async Task NoEndpointPassesTheBudget(string endpoint)
    {
        var (_, _, key) = await fixture.TenantAndKeyAsync(new { monthly_budget_usd = 2 });
        using var http = fixture.Chat.Cluster.Silos[1].CreateClient(key);
        var marker = Marker();
        for (var i = 0; i < 2; i++)
        {
            var served = await SpendBudgetFixture.TurnAsync(http, endpoint, $"{marker} {i}");
            Assert.True(served.Status == HttpStatusCode.OK, $"{endpoint}: {served.Body}");
        }
        SpendBudgetFixture.AssertRefused(endpoint, "tenant_monthly", await SpendBudgetFixture.TurnAsync(http, endpoint, $"{marker} over"));
        Assert.Equal(2, fixture.CallsWith(marker));
    }

    [Fact]
    public async Task ALaterIterationOfTheAgentLoopIsRefusedAndTheTurnEndsWithNothingCommitted()
    {
        // The first call is reserved at 1 USD but answers with a tool call of several output tokens: the
        // call after the tool ran no longer fits.
        var (tenant, _, key) = await fixture.TenantAndKeyAsync(new { daily_budget_usd = 1.5 });
        using var http = fixture.Chat.Cluster.First.CreateClient(key);
        var marker = Marker();
        fixture.Chat.Llm.Enqueue(FakeReply.WithToolCall("current_time", "{}"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new
            {
                model = SpendBudgetFixture.Priced, max_tokens = 1, messages = new[] { new { role = "user", content = marker } },
            }),
        };
        request.Headers.Add("X-Hermes-Session-Id", "sess-" + marker);
        using var response = await http.SendAsync(request);
        SpendBudgetFixture.AssertRefused("chat", "tenant_daily", await SpendBudgetFixture.AnswerAsync(response));
        Assert.Equal(1, fixture.CallsWith(marker));
        // The first call is billed; none of the turn's messages is kept.
        await ApiHelpers.PollAsync(async () => await fixture.Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM usage_records WHERE tenant_id = '{tenant}'") == 1, TimeSpan.FromSeconds(10), "first call billed");
        Assert.Equal(0L, await fixture.Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM messages WHERE tenant_id = '{tenant}'"));
    }

    [Fact]
    public async Task AKeysBudgetsLimitItsOwnCallsOnly()
    {
        var (tenant, keyId, key) = await fixture.TenantAndKeyAsync(key: new { daily_budget_usd = 2, monthly_budget_usd = 5 });
        using var admin = fixture.Chat.Cluster.Admin();
        var (_, otherKey) = await admin.CreateKeyAsync(tenant, ["user"]);
        using var limited = fixture.Chat.Cluster.First.CreateClient(key);
        using var other = fixture.Chat.Cluster.Silos[1].CreateClient(otherKey);
        var marker = Marker();
        Assert.Equal(HttpStatusCode.OK, (await SpendBudgetFixture.TurnAsync(limited, "chat", marker + " 1")).Status);
        Assert.Equal(HttpStatusCode.OK, (await SpendBudgetFixture.TurnAsync(limited, "chat", marker + " 2")).Status);
        SpendBudgetFixture.AssertRefused("chat", "key_daily", await SpendBudgetFixture.TurnAsync(limited, "chat", marker + " 3"));
        Assert.Equal(HttpStatusCode.OK, (await SpendBudgetFixture.TurnAsync(other, "chat", marker + " other")).Status);

        // The key's rows name it; a raised daily budget meets the monthly one.
        await ApiHelpers.PollAsync(async () => await fixture.Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM usage_records WHERE tenant_id = '{tenant}' AND api_key_id = '{keyId}'") == 2, TimeSpan.FromSeconds(10), "key's usage rows");
        var patched = await (await admin.PatchAsJsonAsync($"/admin/v1/tenants/{tenant}/api-keys/{keyId}", new { daily_budget_usd = 100, monthly_budget_usd = 3 }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(100m, patched.GetProperty("daily_budget_usd").GetDecimal());
        Assert.Equal(HttpStatusCode.OK, (await SpendBudgetFixture.TurnAsync(limited, "chat", marker + " 4")).Status);
        SpendBudgetFixture.AssertRefused("chat", "key_monthly", await SpendBudgetFixture.TurnAsync(limited, "chat", marker + " 5"));
        Assert.Equal(4, fixture.CallsWith(marker));
    }

    [Fact]
    public async Task EmbeddingsAreHeldToTheKeysBudgetAndModelListLikeTurns()
    {
        var (tenant, keyId, key) = await fixture.TenantAndKeyAsync(key: new { daily_budget_usd = 2 });
        using var http = fixture.Chat.Cluster.Silos[1].CreateClient(key);
        async Task<(HttpStatusCode Status, string Body, string? RetryAfter)> EmbedAsync(string input)
        {
            using var response = await http.PostAsJsonAsync("/v1/embeddings", new { model = SpendBudgetFixture.PricedEmbeddings, input });
            return await SpendBudgetFixture.AnswerAsync(response);
        }
        int Embedded() => fixture.Chat.Llm.Requests.Count(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await EmbedAsync("ab1")).Status);
        Assert.Equal(HttpStatusCode.OK, (await EmbedAsync("ab2")).Status);
        var before = Embedded();
        SpendBudgetFixture.AssertRefused("chat", "key_daily", await EmbedAsync("ab3"));
        Assert.Equal(before, Embedded());
        Assert.Equal(2L, await fixture.Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM usage_records WHERE tenant_id = '{tenant}' AND api_key_id = '{keyId}' AND session_id IS NULL AND deployment IS NOT NULL AND cost_usd = 1"));

        // A model the key may not use is refused before any budget or call, naming the model.
        using var admin = fixture.Chat.Cluster.Admin();
        await (await admin.PatchAsJsonAsync($"/admin/v1/tenants/{tenant}/api-keys/{keyId}", new { models = new[] { SpendBudgetFixture.Priced } }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        var refused = await EmbedAsync("ab4");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains("model_not_allowed", refused.Body, StringComparison.Ordinal);
        Assert.Contains(SpendBudgetFixture.PricedEmbeddings, refused.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyWithABudgetCannotMintOrSetAKeyThatMaySpendMore()
    {
        var (tenant, _, _) = await fixture.TenantAndKeyAsync();
        using var admin = fixture.Chat.Cluster.Admin();
        var (ownId, own) = await admin.CreateKeyAsync(tenant, ["admin"], new { daily_budget_usd = 5 });
        using var http = fixture.Chat.Cluster.First.CreateClient(own);

        using var unlimited = await http.PostAsJsonAsync("/v1/api-keys", new { name = "wide", roles = new[] { "user" } });
        await unlimited.ExpectJsonAsync(HttpStatusCode.Forbidden);
        using var larger = await http.PostAsJsonAsync("/v1/api-keys", new { name = "wide", roles = new[] { "user" }, daily_budget_usd = 6 });
        await larger.ExpectJsonAsync(HttpStatusCode.Forbidden);
        using var lifted = await http.PatchAsJsonAsync($"/v1/api-keys/{ownId}", new { daily_budget_usd = (decimal?)null });
        await lifted.ExpectJsonAsync(HttpStatusCode.Forbidden);

        using var within = await http.PostAsJsonAsync("/v1/api-keys", new { name = "narrow", roles = new[] { "user" }, daily_budget_usd = 2.5 });
        Assert.Equal(2.5m, (await within.ExpectJsonAsync(HttpStatusCode.Created)).GetProperty("daily_budget_usd").GetDecimal());
    }

    [Fact]
    public async Task AnEndUsersDailyBudgetLimitsEachUserApart()
    {
        var (tenant, _, key) = await fixture.TenantAndKeyAsync(new { user_daily_budget_usd = 1 });
        using var admin = fixture.Chat.Cluster.Admin();
        var (_, otherKey) = await admin.CreateKeyAsync(tenant, ["user"]);
        using var first = fixture.Chat.Cluster.First.CreateClient(key);
        using var second = fixture.Chat.Cluster.Silos[1].CreateClient(otherKey);
        var marker = Marker();
        Assert.Equal(HttpStatusCode.OK, (await SpendBudgetFixture.TurnAsync(first, "chat", marker + " a")).Status);
        SpendBudgetFixture.AssertRefused("chat", "user_daily", await SpendBudgetFixture.TurnAsync(first, "chat", marker + " b"));
        Assert.Equal(HttpStatusCode.OK, (await SpendBudgetFixture.TurnAsync(second, "chat", marker + " c")).Status);
        Assert.Equal(2, fixture.CallsWith(marker));
    }

    [Fact]
    public async Task ThresholdsAreAuditedOncePerBudgetAndPeriod()
    {
        var (tenant, _, key) = await fixture.TenantAndKeyAsync(new { daily_budget_usd = 4 });
        using var http = fixture.Chat.Cluster.First.CreateClient(key);
        var marker = Marker();
        // The counter is the process's: other tests' tenants cross thresholds too, so this test counts its own crossings.
        var before = await ThresholdCountsAsync();
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SpendBudgetFixture.TurnAsync(http, "chat", $"{marker} {i}")).Status);
        }
        SpendBudgetFixture.AssertRefused("chat", "tenant_daily", await SpendBudgetFixture.TurnAsync(http, "chat", marker + " over"));
        var sql = $"SELECT string_agg(detail->>'threshold_percent', ',' ORDER BY (detail->>'threshold_percent')::int) FROM audit_logs " +
                  $"WHERE tenant_id = '{tenant}' AND action = 'BUDGET threshold' AND detail->>'budget' = 'tenant_daily'";
        await ApiHelpers.PollAsync(async () => await fixture.Chat.Cluster.Database.ScalarAsSuperuserAsync<string>(sql) == "50,80,100",
            TimeSpan.FromSeconds(10), "thresholds audited");

        // Counted on the silo that holds the tenant's spend grain, by budget and threshold, never by key or user: once each.
        await ApiHelpers.PollAsync(async () =>
        {
            var after = await ThresholdCountsAsync();
            return new[] { "50", "80", "100" }.All(th => after.GetValueOrDefault(th) - before.GetValueOrDefault(th) == 1);
        }, TimeSpan.FromSeconds(10), "each threshold counted once");
    }

    /// <summary>The tenant_daily crossings counted by every silo, by threshold; every sample labelled by scope and threshold only.</summary>
    private async Task<Dictionary<string, double>> ThresholdCountsAsync()
    {
        var samples = new List<Observability.Sample>();
        foreach (var silo in fixture.Chat.Cluster.Silos)
        {
            using var anonymous = silo.CreateClient();
            samples.AddRange(Observability.PrometheusText.Parse(await anonymous.GetStringAsync("/v1/metrics")).Family("hermes_budget_threshold_crossed_total"));
        }
        Assert.All(samples, s => Assert.Equal(["scope", "threshold"], s.Labels.Keys.Order()));
        return samples.Where(s => s.Label("scope") == "tenant_daily")
            .GroupBy(s => s.Label("threshold")).ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
    }

    [Fact]
    public async Task InvalidBudgetFieldsAreRefusedNamingTheFieldAndChangeNothing()
    {
        var (tenant, keyId, _) = await fixture.TenantAndKeyAsync(new { daily_budget_usd = 3 });
        using var admin = fixture.Chat.Cluster.Admin();
        foreach (var (field, value) in new (string, object)[]
                 { ("daily_budget_usd", -1), ("monthly_budget_usd", "ten"), ("user_daily_budget_usd", 0.1234567m) })
        {
            using var r = await admin.PatchAsJsonAsync($"/v1/tenants/{tenant}", new Dictionary<string, object> { [field] = value, ["name"] = "renamed" });
            var error = (await r.ExpectJsonAsync(HttpStatusCode.BadRequest)).GetProperty("error");
            Assert.Equal(field, error.GetProperty("param").GetString());
            Assert.Contains(field, error.GetProperty("message").GetString());
        }
        var stored = await (await admin.GetAsync($"/v1/tenants/{tenant}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(3m, stored.GetProperty("daily_budget_usd").GetDecimal());
        Assert.NotEqual("renamed", stored.GetProperty("name").GetString());

        using var badKey = await admin.PatchAsJsonAsync($"/admin/v1/tenants/{tenant}/api-keys/{keyId}", new { monthly_budget_usd = -5, daily_budget_usd = 1 });
        Assert.Equal("monthly_budget_usd", (await badKey.ExpectJsonAsync(HttpStatusCode.BadRequest)).GetProperty("error").GetProperty("param").GetString());
        using var badCreate = await admin.PostAsJsonAsync($"/admin/v1/tenants/{tenant}/api-keys", new { name = "k", roles = new[] { "user" }, daily_budget_usd = "lots" });
        Assert.Equal("daily_budget_usd", (await badCreate.ExpectJsonAsync(HttpStatusCode.BadRequest)).GetProperty("error").GetProperty("param").GetString());
        using var keys = await admin.GetAsync($"/admin/v1/tenants/{tenant}/api-keys");
        var listed = (await keys.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray().ToList();
        Assert.Single(listed);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, listed[0].GetProperty("daily_budget_usd").ValueKind);
    }
}
