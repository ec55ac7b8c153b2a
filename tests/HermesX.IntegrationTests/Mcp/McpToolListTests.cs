using System.Net;
using System.Text.Json;
using HermesX.FakeLlm.Scripting;
using HermesX.IntegrationTests.Chat;
using HermesX.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HermesX.IntegrationTests.Mcp;

/// <summary>
/// A server's tool list is kept for HERMES_MCP_TOOLS_TTL_SECONDS (300 here), yet a change reaches the turns
/// and GET at once: when the server sends notifications/tools/list_changed, and when an admin asks for a refresh.
/// </summary>
[Collection(McpCollection.Name)]
public sealed class McpToolListTests(McpFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private ChatCluster Chat => fixture.Chat;

    [Fact]
    public async Task AToolTheServerAddsIsListedAndOfferedAtOnceWhenItSendsListChanged()
    {
        var tools = new ChangingTools();
        await using var server = await McpTestHost.StartMcpAsync(m => tools.ServeAndAnnounce(m));
        var (_, key) = await fixture.TenantAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var id = (await McpFixture.RegisterAsync(http, "live", server.Url)).GetProperty("id").GetString()!;
        var before = await TurnAsync(http, "before-");
        Assert.Contains("live__first", before);
        // The server speaks the 2026-07-28 revision, which sends list changes only on a subscriptions/listen request,
        // and announces them (tools.listChanged), so HermesX holds one open.
        await ApiHelpers.PollAsync(() => Task.FromResult(server.Calls.Count("method:subscriptions/listen") > 0), Patience, "a subscriptions/listen request");

        var added = McpFixture.Unique("added_");
        tools.Add(added);

        await ApiHelpers.PollAsync(async () => ToolNames(await ServerAsync(http, id)).Contains(added), Patience, "the added tool in GET /v1/mcp/servers");
        var after = await TurnAsync(http, "after-");
        Assert.Contains("live__" + added, after);
        Assert.Contains("live__first", after);
        Assert.DoesNotContain("live__" + added, before);
    }

    [Fact]
    public async Task RefreshAsksTheServerNowAndTheNextTurnOffersWhatItSaid()
    {
        var tools = new ChangingTools();
        await using var server = await McpTestHost.StartMcpAsync(m => tools.Serve(m));
        var (_, key) = await fixture.TenantAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var created = await McpFixture.RegisterAsync(http, "quiet", server.Url);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal(["first"], ToolNames(created));
        var second = McpFixture.Unique("second_");
        tools.Add(second);
        Assert.DoesNotContain("quiet__" + second, await TurnAsync(http, "cached-"));
        Assert.Equal(["first"], ToolNames(await ServerAsync(http, id)));

        var refreshed = await (await http.PostAsync($"/v1/mcp/servers/{id}/refresh", null)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(id, refreshed.GetProperty("id").GetString());
        Assert.Equal("mcp_server", refreshed.GetProperty("object").GetString());
        Assert.Equal(["first", second], ToolNames(refreshed));
        Assert.Equal("ok", refreshed.GetProperty("health").GetString());
        Assert.True(refreshed.GetProperty("checked_at").GetDateTimeOffset() >= created.GetProperty("checked_at").GetDateTimeOffset());
        Assert.Equal(["first", second], ToolNames(await ServerAsync(http, id)));
        Assert.Contains("quiet__" + second, await TurnAsync(http, "refreshed-"));
    }

    [Fact]
    public async Task RefreshingAServerThatStoppedAnswersItsErrorAndKeepsItsLastToolList()
    {
        var server = await McpTestHost.StartMcpAsync(m => m.WithTools<FriendlyTools>());
        var (_, key) = await fixture.TenantAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var id = (await McpFixture.RegisterAsync(http, "gone", server.Url)).GetProperty("id").GetString()!;
        await server.DisposeAsync();

        var refreshed = await (await http.PostAsync($"/v1/mcp/servers/{id}/refresh", null)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("error", refreshed.GetProperty("health").GetString());
        Assert.False(string.IsNullOrEmpty(refreshed.GetProperty("health_error").GetString()));
        Assert.Contains("echo", ToolNames(refreshed));
        Assert.Equal("error", (await ServerAsync(http, id)).GetProperty("health").GetString());
    }

    [Fact]
    public async Task OnlyTheTenantsAdminsRefreshItsServers()
    {
        var (tenant, key) = await fixture.TenantAsync();
        var (_, otherKey) = await fixture.TenantAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        using var other = Chat.Cluster.First.CreateClient(otherKey);
        using var admin = Chat.Cluster.Admin();
        var (_, userKey) = await admin.CreateKeyAsync(tenant, ["user"]);
        using var user = Chat.Cluster.First.CreateClient(userKey);
        var id = (await McpFixture.RegisterAsync(http, "mine", fixture.Friendly.Url)).GetProperty("id").GetString()!;

        var refused = await (await other.PostAsync($"/v1/mcp/servers/{id}/refresh", null)).ExpectJsonAsync(HttpStatusCode.NotFound);
        Assert.Equal($"No MCP server '{id}'", refused.GetProperty("error").GetProperty("message").GetString());
        await (await user.PostAsync($"/v1/mcp/servers/{id}/refresh", null)).ExpectErrorAsync(HttpStatusCode.Forbidden);
        await (await http.PostAsync("/v1/mcp/servers/mcp_000000000000000000000000/refresh", null)).ExpectErrorAsync(HttpStatusCode.NotFound);
    }

    /// <summary>A turn whose message carries a fresh marker; the tools HermesX offered the model in it.</summary>
    private async Task<List<string>> TurnAsync(HttpClient http, string prefix)
    {
        var marker = McpFixture.Unique(prefix);
        Chat.Llm.Enqueue(FakeReply.WithText("noted"));
        Assert.Equal(HttpStatusCode.OK, (await ChatCluster.ChatAsync(http, marker, McpFixture.Unique("sess-"))).Response.StatusCode);
        return fixture.ToolsOffered(marker);
    }

    private static async Task<JsonElement> ServerAsync(HttpClient http, string id) =>
        (await McpFixture.ListAsync(http)).Single(s => s.GetProperty("id").GetString() == id);

    private static List<string> ToolNames(JsonElement server) =>
        [.. server.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()!)];
}
