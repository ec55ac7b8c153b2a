using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Governance;

/// <summary>
/// The per end user budget (tenant field <c>user_daily_budget_usd</c>) counts the end user a call is for: the one an
/// API key's request names (<c>user</c>, Anthropic's <c>metadata.user_id</c>), else the key; a JWT's subject whatever
/// the request names. Usage rows name that end user.
/// </summary>
[Collection(SpendBudgetCollection.Name)]
public sealed class EndUserBudgetTests(SpendBudgetFixture fixture)
{
    private static readonly string[] Endpoints = ["chat", "chat-stream", "responses", "responses-stream", "messages", "messages-stream", "embeddings"];

    private static string Marker() => "enduser-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task EachEndUserAKeyNamesHasItsOwnBudgetAndTheKeyWithoutOneIsItsOwnUser()
    {
        var (tenant, keyId, key) = await fixture.TenantAndKeyAsync(new { user_daily_budget_usd = 1 });
        using var one = fixture.Chat.Cluster.Silos[0].CreateClient(key);
        using var two = fixture.Chat.Cluster.Silos[1].CreateClient(key);
        var marker = Marker();
        var (alice, bob) = ("alice-" + marker, "bob-" + marker);

        Assert.Equal(HttpStatusCode.OK, (await SpendBudgetFixture.TurnAsync(one, "chat", marker + " a1", alice)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SpendBudgetFixture.TurnAsync(two, "chat", marker + " b1", bob)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SpendBudgetFixture.TurnAsync(one, "chat", marker + " k1")).Status);
        var refused = await SpendBudgetFixture.TurnAsync(two, "chat", marker + " a2", alice);
        SpendBudgetFixture.AssertRefused("chat", "user_daily", refused);
        Assert.Contains("end user's daily budget", JsonDocument.Parse(refused.Body).RootElement.GetProperty("error").GetProperty("message").GetString());
        SpendBudgetFixture.AssertRefused("chat", "user_daily", await SpendBudgetFixture.TurnAsync(one, "chat", marker + " b2", bob));
        SpendBudgetFixture.AssertRefused("chat", "user_daily", await SpendBudgetFixture.TurnAsync(two, "chat", marker + " k2"));
        Assert.Equal(3, fixture.CallsWith(marker));
        // The end user reaches the provider as it did.
        Assert.Contains(fixture.Chat.Llm.Requests, r => r.Body.Contains(marker + " a1", StringComparison.Ordinal) && r.Body.Contains($"\"user\":\"{alice}\"", StringComparison.Ordinal));
        await AssertUsersAsync(tenant, alice, bob, keyId);
    }

    [Fact]
    public async Task OneEndUserSpendsOneBudgetOnEveryEndpointStreamedOrNot()
    {
        var (_, _, key) = await fixture.TenantAndKeyAsync(new { user_daily_budget_usd = Endpoints.Length });
        using var one = fixture.Chat.Cluster.Silos[0].CreateClient(key);
        using var two = fixture.Chat.Cluster.Silos[1].CreateClient(key);
        var marker = Marker();
        var carol = "carol-" + marker;
        for (var i = 0; i < Endpoints.Length; i++)
        {
            var served = await SpendBudgetFixture.TurnAsync(i % 2 == 0 ? one : two, Endpoints[i], $"{i:D3} {marker}", carol);
            Assert.True(served.Status == HttpStatusCode.OK, $"{Endpoints[i]}: {served.Body}");
        }
        foreach (var endpoint in Endpoints)
        {
            SpendBudgetFixture.AssertRefused(endpoint, "user_daily", await SpendBudgetFixture.TurnAsync(two, endpoint, $"999 {marker} over", carol));
        }
        // Every served call carried the end user (the embeddings call's input has no marker), no refused one reached the model.
        Assert.Equal(Endpoints.Length, fixture.CallsWith(marker));
        Assert.Equal(HttpStatusCode.OK, (await SpendBudgetFixture.TurnAsync(one, "messages", marker + " dan", "dan-" + marker)).Status);
    }

    [Fact]
    public async Task AJwtCallerIsChargedToItsSubjectWhateverEndUserItNames()
    {
        var (tenant, _, key) = await fixture.TenantAndKeyAsync(new { user_daily_budget_usd = 1 });
        var marker = Marker();
        var subject = "dave-" + marker;
        using var jwt = fixture.Chat.Cluster.First.CreateClient(
            TestTokens.Create(TestTokens.Hs256(), TestTokens.Claims(tenant, subject, roles: new[] { "user" })));
        using var apiKey = fixture.Chat.Cluster.Silos[1].CreateClient(key);

        Assert.Equal(HttpStatusCode.OK, (await SpendBudgetFixture.TurnAsync(jwt, "chat", marker + " 1", "erin-" + marker)).Status);
        SpendBudgetFixture.AssertRefused("responses", "user_daily", await SpendBudgetFixture.TurnAsync(jwt, "responses", marker + " 2", "frank-" + marker));
        // The subject is one end user whatever credential names it.
        SpendBudgetFixture.AssertRefused("chat", "user_daily", await SpendBudgetFixture.TurnAsync(apiKey, "chat", marker + " 3", subject));
        Assert.Equal(HttpStatusCode.OK, (await SpendBudgetFixture.TurnAsync(apiKey, "chat", marker + " 4", "erin-" + marker)).Status);
        Assert.Equal(2, fixture.CallsWith(marker));
        await AssertUsersAsync(tenant, "erin-" + marker, subject);
    }

    [Fact]
    public async Task UsageByUserShowsTheEndUsersWithoutAnyBudget()
    {
        var (tenant, keyId, key) = await fixture.TenantAndKeyAsync();
        using var admin = fixture.Chat.Cluster.Admin();
        var (_, reader) = await admin.CreateKeyAsync(tenant, ["admin"]);
        using var http = fixture.Chat.Cluster.First.CreateClient(key);
        var marker = Marker();
        var (ann, ben) = ("ann-" + marker, "ben-" + marker);
        Assert.Equal(HttpStatusCode.OK, (await SpendBudgetFixture.TurnAsync(http, "chat", marker + " 1", ann)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SpendBudgetFixture.TurnAsync(http, "embeddings", "ab1", ann)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SpendBudgetFixture.TurnAsync(http, "messages-stream", marker + " 2", ben)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SpendBudgetFixture.TurnAsync(http, "responses", marker + " 3")).Status);

        using var usage = fixture.Chat.Cluster.Silos[1].CreateClient(reader);
        Dictionary<string, (long Requests, decimal Cost)> groups = [];
        await ApiHelpers.PollAsync(async () =>
        {
            var body = await (await usage.GetAsync("/v1/usage?group_by=user")).ExpectJsonAsync(HttpStatusCode.OK);
            groups = body.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("user_id").GetString()!,
                g => (g.GetProperty("requests").GetInt64(), g.GetProperty("cost_usd").GetDecimal()));
            return groups.Values.Sum(g => g.Requests) == 4;
        }, TimeSpan.FromSeconds(10), "four calls in the usage");
        Assert.Equal(new Dictionary<string, (long, decimal)> { [ann] = (2, 2m), [ben] = (1, 1m), [keyId] = (1, 1m) }, groups);
    }

    [Theory]
    [InlineData("chat", "user")]
    [InlineData("responses", "user")]
    [InlineData("messages", "metadata.user_id")]
    [InlineData("embeddings", "user")]
    public async Task AnEndUserOfNoneOrOverTwoHundredFiftySixCharactersIsRefusedNamingTheField(string endpoint, string field)
    {
        var (_, _, key) = await fixture.TenantAndKeyAsync(new { user_daily_budget_usd = 5 });
        using var http = fixture.Chat.Cluster.First.CreateClient(key);
        var marker = Marker();
        foreach (var user in new[] { "", new string('u', 257) })
        {
            var (status, body, _) = await SpendBudgetFixture.TurnAsync(http, endpoint, marker + " bad", user);
            Assert.True(status == HttpStatusCode.BadRequest, $"{endpoint}: {(int)status} {body}");
            var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
            Assert.Contains($"'{field}'", error.GetProperty("message").GetString());
            if (endpoint != "messages")
            {
                Assert.Equal(field, error.GetProperty("param").GetString());
            }
        }
        Assert.Equal(HttpStatusCode.OK, (await SpendBudgetFixture.TurnAsync(http, endpoint, marker + " good", new string('u', 256))).Status);
        Assert.Equal(endpoint == "embeddings" ? 0 : 1, fixture.CallsWith(marker));
    }

    /// <summary>Waits until the tenant's usage rows name exactly <paramref name="expected"/> as end users.</summary>
    private async Task AssertUsersAsync(string tenant, params string[] expected)
    {
        var sql = $"""
            SELECT coalesce(string_agg(u, '|' ORDER BY u COLLATE "C"), '') FROM (SELECT DISTINCT user_id AS u FROM usage_records WHERE tenant_id = '{tenant}') d
            """;
        var want = string.Join('|', expected.Order(StringComparer.Ordinal));
        var seen = "";
        await ApiHelpers.PollAsync(async () => (seen = await fixture.Chat.Cluster.Database.ScalarAsSuperuserAsync<string>(sql) ?? "") == want,
            TimeSpan.FromSeconds(10), $"usage rows of end users {want}");
        Assert.Equal(want, seen);
    }
}
