using System.Net;
using HermesX.FakeLlm.Scripting;
using HermesX.IntegrationTests.Chat;
using HermesX.IntegrationTests.Responses;

namespace HermesX.IntegrationTests.Runs;

/// <summary>Two silos sharing one fake LLM, for background responses (tests of a class run one after another, so scripts do not mix).</summary>
public sealed class TwoSiloChatFixture : IAsyncLifetime
{
    public ChatCluster Chat { get; private set; } = null!;

    public async Task InitializeAsync() => Chat = await ChatCluster.StartAsync(2);

    public async Task DisposeAsync() => await Chat.DisposeAsync();
}

/// <summary>background: true answers at once; the run goes on without the request, reads the same from either silo, and cancels.</summary>
public sealed class BackgroundRunTests(TwoSiloChatFixture fixture) : IClassFixture<TwoSiloChatFixture>
{
    private ChatCluster Chat => fixture.Chat;

    [Fact]
    public async Task ABackgroundResponseAnswersAtOnceAndCompletesReadableFromEitherSilo()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var first = Chat.Cluster.Silos[0].CreateClient(key);
        using var second = Chat.Cluster.Silos[1].CreateClient(key);
        // A server tool, then an answer slow enough that the POST has long answered when it comes.
        Chat.Llm.Reset();
        Chat.Llm.Enqueue(FakeReply.WithToolCall("calculator", """{"expression":"6*7"}"""), new FakeReply { Text = "It is 42", DelayMs = 1500 });

        var created = await RunHttp.CreateAsync(first, new { input = "what is 6*7?" });
        var id = created.GetProperty("id").GetString()!;
        Assert.Contains(created.GetProperty("status").GetString(), new[] { "queued", "in_progress" });
        Assert.True(created.GetProperty("background").GetBoolean());
        Assert.Empty(created.GetProperty("output").EnumerateArray());

        var done = await RunHttp.WaitForStatusAsync(second, id, "completed", TimeSpan.FromSeconds(60));
        Assert.Equal("It is 42", done.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.True(done.GetProperty("background").GetBoolean());
        var (status, fromFirst) = await RunHttp.GetAsync(first, id);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(done.GetRawText(), fromFirst.GetRawText());

        var db = Chat.Cluster.Database;
        Assert.Equal(1L, await db.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM responses WHERE tenant_id = '{tenant}' AND id = '{id}'"));
        Assert.Equal("completed", await db.ScalarAsSuperuserAsync<string>($"SELECT status FROM response_runs WHERE tenant_id = '{tenant}' AND id = '{id}'"));
        Assert.Equal(1L, await db.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM execution_receipts WHERE tenant_id = '{tenant}' AND tool_name = 'calculator'"));
        // The model's tool request and the tool's result were committed as steps while the run went on.
        Assert.Equal(["assistant", "tool"], await db.ColumnAsSuperuserAsync(
            $"SELECT message->>'Role' FROM response_run_steps WHERE tenant_id = '{tenant}' AND response_id = '{id}' ORDER BY seq"));
    }

    [Fact]
    public async Task BackgroundWithoutStoreIsRefusedByName()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var (response, body) = await ResponsesHttp.CreateAsync(http, new { input = "hi", background = true, store = false });
        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("background", body.GetProperty("error").GetProperty("param").GetString());
        }
    }

    [Fact]
    public async Task CancellingDuringAModelCallEndsTheRunWithNoFurtherCalls()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var first = Chat.Cluster.Silos[0].CreateClient(key);
        using var second = Chat.Cluster.Silos[1].CreateClient(key);
        const string session = "cancel-model-call";
        Chat.Llm.Reset();
        Chat.Llm.Enqueue(new FakeReply { Text = "too late", DelayMs = 60_000 });
        var before = Chat.Llm.RequestCount;

        var id = (await RunHttp.CreateAsync(first, new { input = "take your time" }, session)).GetProperty("id").GetString()!;
        await Testing.ApiHelpers.PollAsync(() => Task.FromResult(Chat.Llm.RequestCount > before), TimeSpan.FromSeconds(30), "the model call");

        var (status, cancelled) = await RunHttp.CancelAsync(second, id);
        Assert.True(status == HttpStatusCode.OK, cancelled.GetRawText());
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("cancelled", (await RunHttp.GetAsync(first, id)).Body.GetProperty("status").GetString());

        await AssertNoFurtherCallsAsync(first, session, before + 1);
        Assert.Equal("cancelled", await Chat.Cluster.Database.ScalarAsSuperuserAsync<string>(
            $"SELECT status FROM response_runs WHERE tenant_id = '{tenant}' AND id = '{id}'"));
        Assert.Equal(0L, await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM responses WHERE tenant_id = '{tenant}' AND id = '{id}'"));
        // Cancelled again: it stays cancelled.
        Assert.Equal("cancelled", (await RunHttp.CancelAsync(first, id)).Body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task CancellingDuringAToolCallEndsTheRunWithNoFurtherCalls()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.Silos[0].CreateClient(key);
        const string session = "cancel-tool-call";
        Chat.Llm.Reset();
        Chat.Llm.Enqueue(FakeReply.WithToolCall("todo", """{"action":"add","text":"buy milk"}"""), FakeReply.WithText("added"));
        var before = Chat.Llm.RequestCount;

        // The todo tool's write waits for this lock: the run is inside its tool call until the lock goes.
        await using var db = await Chat.Cluster.Database.OpenAsSuperuserAsync();
        await using var tx = await db.BeginTransactionAsync();
        await using (var lockTodos = new Npgsql.NpgsqlCommand("LOCK TABLE todos IN ACCESS EXCLUSIVE MODE", db, tx))
        {
            await lockTodos.ExecuteNonQueryAsync();
        }
        var id = (await RunHttp.CreateAsync(http, new { input = "add milk to my list" }, session)).GetProperty("id").GetString()!;
        await Testing.ApiHelpers.PollAsync(async () => await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'todos'::regclass") > 0, TimeSpan.FromSeconds(30), "the tool call waiting");

        var (status, cancelled) = await RunHttp.CancelAsync(http, id);
        Assert.True(status == HttpStatusCode.OK, cancelled.GetRawText());
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        await tx.CommitAsync();

        await AssertNoFurtherCallsAsync(http, session, before + 1);
        Assert.Equal("cancelled", (await RunHttp.GetAsync(http, id)).Body.GetProperty("status").GetString());
        Assert.Equal(0L, await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM responses WHERE tenant_id = '{tenant}' AND id = '{id}'"));
    }

    [Fact]
    public async Task ACompletedOrOrdinaryResponseCannotBeCancelled()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var id = (await RunHttp.CreateAsync(http, new { input = "quick" })).GetProperty("id").GetString()!;
        await RunHttp.WaitForStatusAsync(http, id, "completed", TimeSpan.FromSeconds(60));

        var (status, body) = await RunHttp.CancelAsync(http, id);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Cannot cancel a completed response", body.GetProperty("error").GetProperty("message").GetString());

        var (created, plain) = await ResponsesHttp.CreateAsync(http, new { input = "in the foreground" });
        created.Dispose();
        (status, body) = await RunHttp.CancelAsync(http, plain.GetProperty("id").GetString()!);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Only background responses can be cancelled", body.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await RunHttp.CancelAsync(http, "resp_0123456789abcdef0123456789abcdef_nosuch")).Status);
    }

    /// <summary>
    /// A turn of the same session runs only once the cancelled one has ended (a session runs its turns in order): after it
    /// answers, the model has seen exactly <paramref name="expected"/> calls, its own being the last.
    /// </summary>
    private async Task AssertNoFurtherCallsAsync(HttpClient http, string session, long expectedBefore)
    {
        var (response, body) = await ChatCluster.ChatAsync(http, "after the cancel", session);
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        }
        Assert.Equal(expectedBefore + 1, Chat.Llm.RequestCount);
    }
}
