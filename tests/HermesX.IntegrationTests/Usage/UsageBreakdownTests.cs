using System.Globalization;
using System.Net;
using System.Text.Json;
using HermesX.IntegrationTests.Chat;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Usage;

/// <summary>
/// Spend you can see: two priced models, each served by its own deployment, called by two API keys (each its
/// own end user) of one tenant and by a key of another tenant; <c>GET /v1/usage?group_by=</c> sums them per
/// key, model, deployment and user, and shows the budgets beside the spend.
/// </summary>
public sealed class UsageBreakdownTests(UsageBreakdownTests.Fixture fixture) : IClassFixture<UsageBreakdownTests.Fixture>
{
    [Theory]
    [InlineData("api_key", "api_key_id")]
    [InlineData("model", "model")]
    [InlineData("deployment", "deployment")]
    [InlineData("user", "user_id")]
    public async Task BreakdownSumsEachGroupsCallsOfTheTenantOnly(string groupBy, string field)
    {
        using var http = fixture.Chat.Cluster.First.CreateClient(fixture.AdminKey);

        var body = await (await http.GetAsync($"/v1/usage?group_by={groupBy}")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal([groupBy], body.GetProperty("group_by").EnumerateArray().Select(g => g.GetString()));
        var groups = body.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty(field).GetString()!);
        var expected = await fixture.SumsAsync(field);
        Assert.Equal(expected.Keys.Order(), groups.Keys.Order());
        foreach (var (value, sums) in expected)
        {
            var group = groups[value];
            Assert.Equal(sums.Requests, group.GetProperty("requests").GetInt64());
            Assert.Equal(sums.Input, group.GetProperty("input_tokens").GetInt64());
            Assert.Equal(sums.Output, group.GetProperty("output_tokens").GetInt64());
            Assert.Equal(sums.Cost, group.GetProperty("cost_usd").GetDecimal());
        }
        // The existing totals keep their meaning: they are the sum of any breakdown.
        var total = body.GetProperty("total");
        Assert.Equal(4, total.GetProperty("requests").GetInt64());
        Assert.Equal(total.GetProperty("cost_usd").GetDecimal(), groups.Values.Sum(g => g.GetProperty("cost_usd").GetDecimal()));
    }

    [Fact]
    public async Task EachKeyModelAndDeploymentIsItsOwnGroup()
    {
        using var http = fixture.Chat.Cluster.First.CreateClient(fixture.AdminKey);

        var body = await (await http.GetAsync("/v1/usage?group_by=api_key,model&group_by=deployment")).ExpectJsonAsync(HttpStatusCode.OK);

        var groups = body.GetProperty("groups").EnumerateArray()
            .Select(g => (Key: g.GetProperty("api_key_id").GetString(), Model: g.GetProperty("model").GetString(),
                Deployment: g.GetProperty("deployment").GetString(), Requests: g.GetProperty("requests").GetInt64(),
                Name: g.GetProperty("api_key_name").GetString(), HasUser: g.TryGetProperty("user_id", out _)))
            .OrderBy(g => g.Key == fixture.AdminKeyId ? 0 : 1).ThenBy(g => g.Model).ToList();
        Assert.Equal(
            [
                (fixture.AdminKeyId, Fixture.ModelA, fixture.DeploymentA, 1L, "spender", false),
                (fixture.AdminKeyId, Fixture.ModelB, fixture.DeploymentB, 1L, "spender", false),
                (fixture.UserKeyId, Fixture.ModelB, fixture.DeploymentB, 2L, "key", false),
            ],
            groups);
    }

    [Fact]
    public async Task EachCallsDetailNamesItsKeyAndDeployment()
    {
        using var http = fixture.Chat.Cluster.First.CreateClient(fixture.AdminKey);

        var rows = (await (await http.GetAsync("/v1/usage/details")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray()
            .Select(r => (Key: r.GetProperty("api_key_id").GetString()!, Model: r.GetProperty("model").GetString()!,
                Deployment: r.GetProperty("deployment").GetString()!))
            .Order().ToList();

        Assert.Equal(new[]
        {
            (fixture.AdminKeyId, Fixture.ModelA, fixture.DeploymentA), (fixture.AdminKeyId, Fixture.ModelB, fixture.DeploymentB),
            (fixture.UserKeyId, Fixture.ModelB, fixture.DeploymentB), (fixture.UserKeyId, Fixture.ModelB, fixture.DeploymentB),
        }.Order(), rows);
    }

    [Fact]
    public async Task BudgetsStandBesideTheSpendOfTheDayAndMonth()
    {
        using var http = fixture.Chat.Cluster.First.CreateClient(fixture.AdminKey);

        var budgets = (await (await http.GetAsync("/v1/usage")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("budgets");

        var tenantCost = (await fixture.SumsAsync("tenant_id")).Values.Single().Cost;
        Assert.Equal(10m, budgets.GetProperty("daily_budget_usd").GetDecimal());
        Assert.Equal(100m, budgets.GetProperty("monthly_budget_usd").GetDecimal());
        Assert.Equal(tenantCost, budgets.GetProperty("spent_today_usd").GetDecimal());
        Assert.Equal(tenantCost, budgets.GetProperty("spent_this_month_usd").GetDecimal());
        var keys = budgets.GetProperty("api_keys").EnumerateArray().ToDictionary(k => k.GetProperty("id").GetString()!);
        Assert.Equal(new[] { fixture.AdminKeyId, fixture.UserKeyId }.Order(), keys.Keys.Order());
        var spender = keys[fixture.AdminKeyId];
        var keyCost = (await fixture.SumsAsync("api_key_id"))[fixture.AdminKeyId].Cost;
        Assert.True(keyCost > 0, "the priced calls cost something");
        Assert.Equal(5m, spender.GetProperty("daily_budget_usd").GetDecimal());
        Assert.Equal(50m, spender.GetProperty("monthly_budget_usd").GetDecimal());
        Assert.Equal(keyCost, spender.GetProperty("spent_today_usd").GetDecimal());
        Assert.Equal(keyCost, spender.GetProperty("spent_this_month_usd").GetDecimal());
        Assert.False(keys[fixture.UserKeyId].TryGetProperty("daily_budget_usd", out _), "no limit is left out");
    }

    [Fact]
    public async Task AnotherTenantSeesOnlyItsOwnGroups()
    {
        using var http = fixture.Chat.Cluster.First.CreateClient(fixture.OtherKey);

        var body = await (await http.GetAsync("/v1/usage?group_by=api_key,user")).ExpectJsonAsync(HttpStatusCode.OK);

        var group = Assert.Single(body.GetProperty("groups").EnumerateArray());
        Assert.Equal(fixture.OtherKeyId, group.GetProperty("api_key_id").GetString());
        Assert.Equal(fixture.OtherKeyId, group.GetProperty("user_id").GetString());
        Assert.Equal(1, group.GetProperty("requests").GetInt64());
        Assert.Equal(fixture.OtherKeyId, Assert.Single(body.GetProperty("budgets").GetProperty("api_keys").EnumerateArray()).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("week")]
    [InlineData("model,tenant")]
    public async Task UnknownGroupIsRefusedNamingIt(string groupBy)
    {
        using var http = fixture.Chat.Cluster.First.CreateClient(fixture.AdminKey);

        using var response = await http.GetAsync($"/v1/usage?group_by={groupBy}");

        var error = (await response.ExpectJsonAsync(HttpStatusCode.BadRequest)).GetProperty("error");
        Assert.Equal("group_by", error.GetProperty("param").GetString());
        Assert.Contains($"'{groupBy.Split(',').Last()}'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    public sealed record Sums(long Requests, long Input, long Output, decimal Cost);

    public sealed class Fixture : IAsyncLifetime
    {
        public const string ModelA = "usage-a";
        public const string ModelB = "usage-b";

        private readonly string _catalog = Path.Combine(Path.GetTempPath(), $"hermes-catalog-{Guid.NewGuid():N}.yaml");

        public ChatCluster Chat { get; private set; } = null!;
        public string Tenant { get; private set; } = "";
        public string AdminKey { get; private set; } = "";
        public string AdminKeyId { get; private set; } = "";
        public string UserKeyId { get; private set; } = "";
        public string OtherKey { get; private set; } = "";
        public string OtherKeyId { get; private set; } = "";
        public string DeploymentA => $"{new Uri(Chat.Llm.BaseUrl).Authority}/upstream-a";
        public string DeploymentB => $"{new Uri(Chat.Llm.BaseUrl).Authority}/upstream-b";

        public async Task InitializeAsync()
        {
            Chat = await ChatCluster.StartAsync(1, new Dictionary<string, string> { ["HERMES_MODEL_CATALOG"] = _catalog }, beforeSilos: llm =>
                File.WriteAllText(_catalog, $"""
                    models:
                      - id: {ModelA}
                        input_price_per_million: 3
                        output_price_per_million: 15
                        deployments:
                          - base_url: {llm.OpenAiBaseUrl}
                            model: upstream-a
                      - id: {ModelB}
                        input_price_per_million: 1
                        output_price_per_million: 2
                        deployments:
                          - base_url: {llm.OpenAiBaseUrl}
                            model: upstream-b
                    """));
            using var admin = Chat.Cluster.Admin();
            Tenant = (await admin.CreateTenantAsync(extra: new { plan = "pro", daily_budget_usd = 10, monthly_budget_usd = 100 })).GetProperty("id").GetString()!;
            (AdminKeyId, AdminKey) = await admin.CreateKeyAsync(Tenant, ["admin"], new { name = "spender", daily_budget_usd = 5, monthly_budget_usd = 50 });
            (UserKeyId, var userKey) = await admin.CreateKeyAsync(Tenant, ["user"]);
            var other = (await admin.CreateTenantAsync(extra: new { plan = "pro" })).GetProperty("id").GetString()!;
            (OtherKeyId, OtherKey) = await admin.CreateKeyAsync(other, ["admin"]);

            await ChatAsync(AdminKey, ModelA);
            await ChatAsync(AdminKey, ModelB);
            await ChatAsync(userKey, ModelB);
            // Streamed, the deployment is named on the updates: the row records it all the same.
            await ChatAsync(userKey, ModelB, stream: true);
            await ChatAsync(OtherKey, ModelA);
            await ApiHelpers.PollAsync(async () => await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
                $"SELECT count(*) FROM usage_records WHERE tenant_id IN ('{Tenant}', '{other}')") == 5, TimeSpan.FromSeconds(10), "five model calls recorded");
        }

        /// <summary>What the rows of the tenant say per value of <paramref name="column"/>, read as the superuser.</summary>
        public async Task<Dictionary<string, Sums>> SumsAsync(string column)
        {
            var json = await Chat.Cluster.Database.ScalarAsSuperuserAsync<string>($"""
                SELECT json_agg(json_build_object('v', v, 'r', r, 'i', i, 'o', o, 'c', c::text))::text FROM (
                  SELECT {column} AS v, count(*) AS r, sum(input_tokens) AS i, sum(output_tokens) AS o, sum(cost_usd) AS c
                  FROM usage_records WHERE tenant_id = '{Tenant}' GROUP BY {column}) s
                """);
            return JsonDocument.Parse(json!).RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("v").GetString()!,
                e => new Sums(e.GetProperty("r").GetInt64(), e.GetProperty("i").GetInt64(), e.GetProperty("o").GetInt64(),
                    decimal.Parse(e.GetProperty("c").GetString()!, CultureInfo.InvariantCulture)));
        }

        private async Task ChatAsync(string key, string model, bool stream = false)
        {
            using var http = Chat.Cluster.First.CreateClient(key);
            var (response, body) = await ChatCluster.ChatAsync(http, "hello spend", null, new { model, stream });
            Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        }

        public async Task DisposeAsync()
        {
            await Chat.DisposeAsync();
            File.Delete(_catalog);
        }
    }
}
