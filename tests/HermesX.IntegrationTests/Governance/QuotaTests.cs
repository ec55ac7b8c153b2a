using System.Net;
using System.Net.Http.Json;
using HermesX.FakeLlm.Scripting;
using HermesX.IntegrationTests.Chat;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Governance;

public sealed class TwoSiloChatFixture : IAsyncLifetime
{
    public ChatCluster Chat { get; private set; } = null!;

    public async Task InitializeAsync() => Chat = await ChatCluster.StartAsync(silos: 2);

    public async Task DisposeAsync() => await Chat.DisposeAsync();
}

/// <summary>Quotas counted by the one TenantQuotaGrain of each tenant, whichever silo takes the request.</summary>
public sealed class QuotaTests(TwoSiloChatFixture fixture) : IClassFixture<TwoSiloChatFixture>
{
    private ChatCluster Chat => fixture.Chat;

    private async Task<(string Tenant, string Key)> TenantAsync(object settings)
    {
        using var admin = Chat.Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync(extra: settings)).GetProperty("id").GetString()!;
        var (_, key) = await admin.CreateKeyAsync(tenant, ["admin"]);
        return (tenant, key);
    }

    [Fact]
    public async Task MaxSessionsAdmitsExactlyWhatFitsUnderConcurrencyAcrossSilos()
    {
        var (tenant, key) = await TenantAsync(new { plan = "pro", max_sessions = 3 });
        using var one = Chat.Cluster.Silos[0].CreateClient(key);
        using var two = Chat.Cluster.Silos[1].CreateClient(key);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            ChatCluster.ChatAsync(i % 2 == 0 ? one : two, $"hello {i}", $"sess-q-{i}")));

        Assert.Equal(3, results.Count(r => r.Response.StatusCode == HttpStatusCode.OK));
        var refused = results.Where(r => r.Response.StatusCode != HttpStatusCode.OK).ToList();
        Assert.Equal(5, refused.Count);
        Assert.All(refused, r =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, r.Response.StatusCode);
            Assert.Equal("quota_exceeded", r.Body.GetProperty("error").GetProperty("code").GetString());
            Assert.Equal("max_sessions", r.Body.GetProperty("error").GetProperty("param").GetString());
        });
        Assert.Equal(3L, await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM sessions WHERE tenant_id = '{tenant}'"));

        // Turns on admitted sessions go on; deleting one frees a slot.
        var admitted = results.Select((r, i) => (r, i)).First(x => x.r.Response.StatusCode == HttpStatusCode.OK).i;
        Assert.Equal(HttpStatusCode.OK, (await ChatCluster.ChatAsync(two, "again", $"sess-q-{admitted}")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await one.DeleteAsync($"/v1/sessions/sess-q-{admitted}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ChatCluster.ChatAsync(two, "new", "sess-q-new")).Response.StatusCode);
    }

    [Fact]
    public async Task SpentDailyBudgetRefusesTheNextTurnAndChargesNothingForIt()
    {
        var (tenant, key) = await TenantAsync(new { plan = "pro", daily_token_budget = 5 });
        using var http = Chat.Cluster.First.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await ChatCluster.ChatAsync(http, "spend the budget please", "sess-b1")).Response.StatusCode);

        var (refused, body) = await ChatCluster.ChatAsync(http, "one more", "sess-b2");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("daily_token_budget", body.GetProperty("error").GetProperty("param").GetString());
        Assert.Contains("resets at", body.GetProperty("error").GetProperty("message").GetString());
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) > 0);

        await ApiHelpers.PollAsync(async () => await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM usage_records WHERE tenant_id = '{tenant}'") == 1, TimeSpan.FromSeconds(10), "usage recorded");
        Assert.Equal(0L, await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM messages WHERE tenant_id = '{tenant}' AND session_id = 'sess-b2'"));

        // Raising the budget lets turns through again at once.
        using var admin = Chat.Cluster.Admin();
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/v1/tenants/{tenant}", new { daily_token_budget = 1_000_000 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ChatCluster.ChatAsync(http, "now?", "sess-b2")).Response.StatusCode);
    }

    [Fact]
    public async Task TurnsTakenBeforeABudgetWasSetCountAgainstIt()
    {
        // No budget: turns of an existing session are not counted as they run (no quota call)...
        var (tenant, key) = await TenantAsync(new { plan = "pro" });
        using var one = Chat.Cluster.Silos[0].CreateClient(key);
        using var two = Chat.Cluster.Silos[1].CreateClient(key);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await ChatCluster.ChatAsync(i % 2 == 0 ? one : two, $"turn {i}", "sess-unbudgeted")).Response.StatusCode);
        }
        await ApiHelpers.PollAsync(async () => await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM usage_records WHERE tenant_id = '{tenant}'") == 4, TimeSpan.FromSeconds(10), "four turns recorded");
        var spent = await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT sum(input_tokens + output_tokens)::bigint FROM usage_records WHERE tenant_id = '{tenant}'");

        // ...but a budget set afterwards starts from what the usage rows say was spent today.
        using var admin = Chat.Cluster.Admin();
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/v1/tenants/{tenant}", new { daily_token_budget = spent })).StatusCode);
        var (refused, body) = await ChatCluster.ChatAsync(two, "one more", "sess-unbudgeted");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("daily_token_budget", body.GetProperty("error").GetProperty("param").GetString());

        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/v1/tenants/{tenant}", new { daily_token_budget = spent * 10 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ChatCluster.ChatAsync(one, "now?", "sess-unbudgeted")).Response.StatusCode);
    }

    [Fact]
    public async Task TokenBudgetAdmitsExactlyWhatFitsUnderConcurrencyAcrossSilos()
    {
        // What one turn costs (the fake model counts the prompt's and the answer's characters).
        var (probe, probeKey) = await TenantAsync(new { plan = "pro" });
        using (var http = Chat.Cluster.First.CreateClient(probeKey))
        {
            Assert.Equal(HttpStatusCode.OK, (await ChatCluster.ChatAsync(http, "what does a turn cost", "sess-cost")).Response.StatusCode);
        }
        await ApiHelpers.PollAsync(async () => await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM usage_records WHERE tenant_id = '{probe}'") == 1, TimeSpan.FromSeconds(10), "probe usage recorded");
        var cost = await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT input_tokens + output_tokens FROM usage_records WHERE tenant_id = '{probe}'");

        // A budget of exactly ten turns, and sixteen at once through both silos.
        var (tenant, key) = await TenantAsync(new { plan = "pro", daily_token_budget = 10 * cost });
        using var one = Chat.Cluster.Silos[0].CreateClient(key);
        using var two = Chat.Cluster.Silos[1].CreateClient(key);
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            ChatCluster.ChatAsync(i % 2 == 0 ? one : two, "what does a turn cost", $"sess-budget-{i}")));

        Assert.Equal(10, results.Count(r => r.Response.StatusCode == HttpStatusCode.OK));
        Assert.All(results.Where(r => r.Response.StatusCode != HttpStatusCode.OK), r =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, r.Response.StatusCode);
            Assert.Equal("daily_token_budget", r.Body.GetProperty("error").GetProperty("param").GetString());
        });
        await ApiHelpers.PollAsync(async () => await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM usage_records WHERE tenant_id = '{tenant}'") == 10, TimeSpan.FromSeconds(10), "ten turns recorded");
        Assert.Equal(10 * cost, await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT sum(input_tokens + output_tokens)::bigint FROM usage_records WHERE tenant_id = '{tenant}'"));
    }

    [Fact]
    public async Task ConcurrentStreamsPerUserAreLimited()
    {
        var (_, key) = await TenantAsync(new { plan = "pro", max_streams_per_user = 1 });
        using var http = Chat.Cluster.First.CreateClient(key);
        Chat.Llm.Enqueue(new FakeReply { Chunks = ["slow ", "stream ", "here"], ChunkDelayMs = 1000 });
        using var first = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = ChatCluster.Model, stream = true, messages = new[] { new { role = "user", content = "slow" } } }),
        };
        using var running = await http.SendAsync(first, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, running.StatusCode);

        using var second = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = ChatCluster.Model, stream = true, messages = new[] { new { role = "user", content = "second" } } }),
        };
        using var refused = await http.SendAsync(second);
        var body = await refused.ExpectJsonAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("max_streams_per_user", body.GetProperty("error").GetProperty("param").GetString());

        Assert.EndsWith("data: [DONE]\n\n", await running.Content.ReadAsStringAsync());
        var (after, _) = await ChatCluster.ChatAsync(http, "plain turns are not streams", null, new { stream = false });
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task UsageIsMeteredPerModelCallAndSummarised()
    {
        var (tenant, key) = await TenantAsync(new { plan = "pro" });
        using var http = Chat.Cluster.First.CreateClient(key);
        await ChatCluster.ChatAsync(http, """call:calculator {"expression":"1+2"}""", "sess-usage");
        await ChatCluster.ChatAsync(http, "plain", "sess-usage");
        await ApiHelpers.PollAsync(async () => await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM usage_records WHERE tenant_id = '{tenant}'") == 3, TimeSpan.FromSeconds(10), "three model calls recorded");

        using var details = await http.GetAsync("/v1/usage/details?session_id=sess-usage");
        var rows = (await details.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(ChatCluster.Model, r.GetProperty("model").GetString());
            Assert.Equal("openai", r.GetProperty("provider").GetString());
            Assert.True(r.GetProperty("input_tokens").GetInt64() > 0);
        });
        var expected = rows.Sum(r => r.GetProperty("input_tokens").GetInt64() + r.GetProperty("output_tokens").GetInt64());

        using var summary = await http.GetAsync("/v1/usage?granularity=month");
        var total = (await summary.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("total");
        Assert.Equal(3, total.GetProperty("requests").GetInt64());
        Assert.Equal(expected, total.GetProperty("input_tokens").GetInt64() + total.GetProperty("output_tokens").GetInt64());

        using var admin = Chat.Cluster.Admin();
        using var across = await admin.GetAsync("/admin/v1/usage");
        Assert.Contains((await across.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray(),
            t => t.GetProperty("tenant_id").GetString() == tenant && t.GetProperty("requests").GetInt64() == 3);
        await (await http.GetAsync("/v1/usage?granularity=week")).ExpectErrorAsync(HttpStatusCode.BadRequest);
    }
}
