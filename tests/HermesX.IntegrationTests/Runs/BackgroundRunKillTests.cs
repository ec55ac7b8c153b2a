using HermesX.FakeLlm.Scripting;
using HermesX.IntegrationTests.Chat;
using HermesX.IntegrationTests.Cluster;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Runs;

/// <summary>
/// kill -9 of the silo running a background run between its steps: the run continues on the survivor from its
/// last committed step, its tool ran once, its answer is stored once, and at most the interrupted model call is repeated.
/// </summary>
public sealed class BackgroundRunKillTests
{
    [Fact]
    public async Task ARunWhoseSiloIsKilledCompletesOnTheSurvivorWithEachToolRunOnce()
    {
        await using var chat = await ChatCluster.StartAsync(silos: 2, FailoverTests.Unlimited);
        var (tenant, key) = await chat.TenantWithKeyAsync();
        var (doomed, survivor) = (chat.Cluster.Silos[0], chat.Cluster.Silos[1]);
        var id = await StartRunUntilSecondModelCallAsync(chat, doomed, key, tenant);

        await doomed.KillAsync();
        using var http = survivor.CreateClient(key);
        // The next request for the run wakes it on the survivor.
        var done = await RunHttp.WaitForStatusAsync(http, id, "completed", TimeSpan.FromSeconds(120));

        Assert.StartsWith("The todo tool returned", done.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
        await AssertRanOnceAsync(chat, tenant, id);
    }

    [Fact]
    public async Task ARunWhoseSiloIsKilledIsTakenUpByItsReminderWithoutAnyRequest()
    {
        await using var chat = await ChatCluster.StartAsync(silos: 2, FailoverTests.Unlimited);
        var (tenant, key) = await chat.TenantWithKeyAsync();
        var id = await StartRunUntilSecondModelCallAsync(chat, chat.Cluster.Silos[0], key, tenant);

        await chat.Cluster.Silos[0].KillAsync();
        // Nobody asks for the run: its reminder (a minute apart) wakes it on the survivor.
        await ApiHelpers.PollAsync(async () => await chat.Cluster.Database.ScalarAsSuperuserAsync<string>(
            $"SELECT status FROM response_runs WHERE tenant_id = '{tenant}' AND id = '{id}'") == "completed", TimeSpan.FromMinutes(4), "the run completing");

        await AssertRanOnceAsync(chat, tenant, id);
    }

    /// <summary>
    /// Starts a run on <paramref name="silo"/> whose model asks for the todo tool (a side effect in Postgres) and whose
    /// second model call is slow, and returns once that call is under way with the tool's step committed.
    /// </summary>
    private static async Task<string> StartRunUntilSecondModelCallAsync(ChatCluster chat, SiloProcess silo, string key, string tenant)
    {
        chat.Llm.Enqueue(FakeReply.WithToolCall("todo", """{"action":"add","text":"buy milk"}"""), new FakeReply { Text = "never seen", DelayMs = 120_000 });
        using var http = silo.CreateClient(key);
        var id = (await RunHttp.CreateAsync(http, new { input = "put milk on my list" })).GetProperty("id").GetString()!;
        await ApiHelpers.PollAsync(async () => chat.Llm.RequestCount == 2 && await chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM response_run_steps WHERE tenant_id = '{tenant}' AND response_id = '{id}'") == 2,
            TimeSpan.FromSeconds(60), "the tool's step and the second model call");
        return id;
    }

    private static async Task AssertRanOnceAsync(ChatCluster chat, string tenant, string id)
    {
        var db = chat.Cluster.Database;
        Assert.Equal(1L, await db.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM todos WHERE tenant_id = '{tenant}'"));
        Assert.Equal(1L, await db.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM execution_receipts WHERE tenant_id = '{tenant}' AND tool_name = 'todo'"));
        Assert.Equal(1L, await db.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM responses WHERE tenant_id = '{tenant}' AND id = '{id}'"));
        // One turn: the question, the tool request, its result, the answer; nothing twice.
        Assert.Equal(["user", "assistant", "tool", "assistant"], await db.ColumnAsSuperuserAsync(
            $"SELECT role FROM messages WHERE tenant_id = '{tenant}' ORDER BY seq"));
        // The first call, the interrupted one, and its redo, which continued from the committed tool result.
        Assert.Equal(3, chat.Llm.Requests.Count);
        Assert.Contains("\"role\":\"tool\"", chat.Llm.Requests[2].Body.Replace(" ", ""));
        // Billed once per answered model call: the tool request and the final answer.
        Assert.Equal(2L, await db.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM usage_records WHERE tenant_id = '{tenant}'"));
    }
}
