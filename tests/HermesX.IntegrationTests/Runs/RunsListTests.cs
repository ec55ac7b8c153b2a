using System.Net;
using System.Text.Json;
using HermesX.FakeLlm.Scripting;
using HermesX.IntegrationTests.Chat;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Runs;

/// <summary>One silo and its fake LLM, for the console's list of runs (tests of a class run one after another, so scripts do not mix).</summary>
public sealed class OneSiloChatFixture : IAsyncLifetime
{
    public ChatCluster Chat { get; private set; } = null!;

    public async Task InitializeAsync() => Chat = await ChatCluster.StartAsync(1);

    public async Task DisposeAsync() => await Chat.DisposeAsync();
}

/// <summary>GET /v1/runs lists a tenant's background responses (a user its own, an admin all); GET /v1/runs/{id} summarises one's steps.</summary>
public sealed class RunsListTests(OneSiloChatFixture fixture) : IClassFixture<OneSiloChatFixture>
{
    private ChatCluster Chat => fixture.Chat;

    [Fact]
    public async Task AUserListsItsOwnRunsAndATenantAdminListsAllWithTheirSteps()
    {
        var (tenant, userKey) = await Chat.TenantWithKeyAsync();
        using var admin = Chat.Cluster.Admin();
        var (_, otherKey) = await admin.CreateKeyAsync(tenant, ["user"]);
        var (_, adminKey) = await admin.CreateKeyAsync(tenant, ["admin"]);
        using var user = Chat.Cluster.First.CreateClient(userKey);
        using var other = Chat.Cluster.First.CreateClient(otherKey);
        using var tenantAdmin = Chat.Cluster.First.CreateClient(adminKey);
        Chat.Llm.Reset();
        Chat.Llm.Enqueue(FakeReply.WithToolCall("calculator", """{"expression":"6*7"}"""), new FakeReply { Text = "It is 42" }, new FakeReply { Text = "hello" });

        var mine = (await RunHttp.CreateAsync(user, new { input = "what is 6*7?" })).GetProperty("id").GetString()!;
        await RunHttp.WaitForStatusAsync(user, mine, "completed", TimeSpan.FromSeconds(60));
        var theirs = (await RunHttp.CreateAsync(other, new { input = "hi" })).GetProperty("id").GetString()!;
        await RunHttp.WaitForStatusAsync(other, theirs, "completed", TimeSpan.FromSeconds(60));

        var listed = await ListAsync(user);
        var run = Assert.Single(listed);
        Assert.Equal(mine, run.GetProperty("id").GetString());
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(ChatCluster.Model, run.GetProperty("model").GetString());
        Assert.Equal(2, run.GetProperty("steps").GetInt32());
        // What the run stored for its stream readers: its end, the one event of a run created without a stream.
        Assert.Equal(1, run.GetProperty("events").GetInt32());
        Assert.Equal(1L, await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM response_run_events WHERE tenant_id = '{tenant}' AND response_id = '{mine}'"));
        Assert.NotEqual(JsonValueKind.Null, run.GetProperty("ended_at").ValueKind);
        Assert.Equal([theirs, mine], (await ListAsync(tenantAdmin)).Select(r => r.GetProperty("id").GetString()).ToList());

        using var detail = await user.GetAsync($"/v1/runs/{mine}");
        var body = await detail.ExpectJsonAsync(HttpStatusCode.OK);
        var steps = body.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(["assistant", "tool"], steps.Select(s => s.GetProperty("role").GetString()).ToList());
        Assert.Equal("calculator", steps[0].GetProperty("tool_calls")[0].GetString());
        Assert.Contains("42", steps[1].GetProperty("preview").GetString());

        // Another user's run is not there for it, not forbidden: its id leaks nothing.
        using var hidden = await other.GetAsync($"/v1/runs/{mine}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        using var seen = await tenantAdmin.GetAsync($"/v1/runs/{mine}");
        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
    }

    [Fact]
    public async Task ABadPageIsRefusedByName()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        using var r = await http.GetAsync("/v1/runs?limit=0");
        var body = await r.ExpectJsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal("limit", body.GetProperty("error").GetProperty("param").GetString());
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient http)
    {
        using var r = await http.GetAsync("/v1/runs");
        return (await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray().ToList();
    }
}
