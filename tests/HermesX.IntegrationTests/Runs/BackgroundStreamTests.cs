using HermesX.FakeLlm.Scripting;
using HermesX.IntegrationTests.Chat;
using HermesX.IntegrationTests.Cluster;
using HermesX.IntegrationTests.Responses;

namespace HermesX.IntegrationTests.Runs;

/// <summary>
/// A background stream read in part, then again from where it stopped on the other silo (also once the first silo
/// died): the rest of its events, each exactly once, in order.
/// </summary>
public sealed class BackgroundStreamTests
{
    private const int FirstRead = 6;

    [Fact]
    public async Task AStreamResumedOnTheOtherSiloGivesTheRestExactlyOnceInOrder()
    {
        await using var chat = await ChatCluster.StartAsync(silos: 2);
        var (_, key) = await chat.TenantWithKeyAsync();
        using var first = chat.Cluster.Silos[0].CreateClient(key);
        using var second = chat.Cluster.Silos[1].CreateClient(key);
        var chunks = Enumerable.Range(0, 12).Select(i => $"word{i} ").ToArray();
        chat.Llm.Enqueue(new FakeReply { Chunks = chunks, ChunkDelayMs = 150 });

        var head = await RunHttp.ReadAsync(first, RunHttp.StreamRequest(new { input = "tell me twelve words" }), take: FirstRead);
        var id = head[0].Data.GetProperty("response").GetProperty("id").GetString()!;
        var rest = await RunHttp.ReadAsync(second, RunHttp.ResumeRequest(id, RunHttp.Sequence(head[^1])));

        var all = head.Concat(rest).ToList();
        Assert.Equal(Enumerable.Range(0, all.Count), all.Select(RunHttp.Sequence));
        Assert.Equal("response.completed", all[^1].Name);
        Assert.Equal(string.Concat(chunks), RunHttp.Deltas(all));
        Assert.Equal(string.Concat(chunks), all[^1].Data.GetProperty("response").GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
        // Read whole again, from either silo: the very same events.
        var replay = await RunHttp.ReadAsync(first, RunHttp.ResumeRequest(id, null));
        Assert.Equal(all.Select(e => e.Data.GetRawText()), replay.Select(e => e.Data.GetRawText()));
    }

    [Fact]
    public async Task AStreamResumedAfterItsSiloWasKilledGivesTheRestExactlyOnceInOrder()
    {
        await using var chat = await ChatCluster.StartAsync(silos: 2, FailoverTests.Unlimited);
        var (_, key) = await chat.TenantWithKeyAsync();
        var (doomed, survivor) = (chat.Cluster.Silos[0], chat.Cluster.Silos[1]);
        using var http = doomed.CreateClient(key);
        using var other = survivor.CreateClient(key);
        // Long enough that the kill lands while the answer streams; its redo is the fake's default reply.
        chat.Llm.Enqueue(new FakeReply { Chunks = [.. Enumerable.Range(0, 40).Select(i => $"part{i} ")], ChunkDelayMs = 500 });

        var head = await RunHttp.ReadAsync(http, RunHttp.StreamRequest(new { input = "a long story" }), take: FirstRead);
        var id = head[0].Data.GetProperty("response").GetProperty("id").GetString()!;
        Assert.Contains(head, e => e.Name == "response.output_text.delta");
        await doomed.KillAsync();
        var rest = await ReadAfterFailoverAsync(other, id, RunHttp.Sequence(head[^1]));

        var all = head.Concat(rest).ToList();
        Assert.Equal(Enumerable.Range(0, all.Count), all.Select(RunHttp.Sequence));
        Assert.Equal("response.completed", all[^1].Name);
        // The answer cut short by the kill closes as incomplete; the redo is a new item, the one the response keeps.
        var done = all.Where(e => e.Name == "response.output_item.done").Select(e => e.Data.GetProperty("item")).ToList();
        Assert.Equal(["incomplete", "completed"], done.Select(i => i.GetProperty("status").GetString()));
        Assert.Equal([0, 1], all.Where(e => e.Name == "response.output_item.added").Select(e => e.Data.GetProperty("output_index").GetInt32()));
        Assert.NotEqual(done[0].GetProperty("id").GetString(), done[1].GetProperty("id").GetString());
        Assert.Equal("Fake reply to: a long story", done[1].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("Fake reply to: a long story",
            all[^1].Data.GetProperty("response").GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task AFastStreamKeepsEachDeltaAsItsOwnEventInOrder()
    {
        await using var chat = await ChatCluster.StartAsync(silos: 1);
        var (tenant, key) = await chat.TenantWithKeyAsync();
        using var http = chat.Cluster.First.CreateClient(key);
        // Deltas faster than their writes: those that come while one is being stored are stored together, each its own event.
        var chunks = Enumerable.Range(0, 300).Select(i => $"w{i} ").ToArray();
        chat.Llm.Enqueue(new FakeReply { Chunks = chunks });

        var all = await RunHttp.ReadAsync(http, RunHttp.StreamRequest(new { input = "many words, quickly" }));
        var id = all[0].Data.GetProperty("response").GetProperty("id").GetString()!;

        Assert.Equal(Enumerable.Range(0, all.Count), all.Select(RunHttp.Sequence));
        Assert.Equal("response.completed", all[^1].Name);
        Assert.Equal(string.Concat(chunks), RunHttp.Deltas(all));
        var replay = await RunHttp.ReadAsync(http, RunHttp.ResumeRequest(id, null));
        Assert.Equal(all.Select(e => e.Data.GetRawText()), replay.Select(e => e.Data.GetRawText()));
        // One stored event per delta and the run's end, numbered 0, 1, 2… without a gap.
        var deltas = all.Count(e => e.Name == "response.output_text.delta");
        var db = chat.Cluster.Database;
        var where = $"FROM response_run_events WHERE tenant_id = '{tenant}' AND response_id = '{id}'";
        Assert.Equal(deltas + 1L, await db.ScalarAsSuperuserAsync<long>($"SELECT count(*) {where}"));
        Assert.Equal(deltas + 1L, await db.ScalarAsSuperuserAsync<long>($"SELECT max(seq) + 1 {where}"));
    }

    /// <summary>The rest of a stream from the survivor: a read the cluster refuses while it replaces the dead silo is made again.</summary>
    private static async Task<List<ResponsesHttp.Event>> ReadAfterFailoverAsync(HttpClient http, string id, int startingAfter)
    {
        List<ResponsesHttp.Event>? rest = null;
        await Testing.ApiHelpers.PollAsync(async () =>
        {
            try
            {
                rest = await RunHttp.ReadAsync(http, RunHttp.ResumeRequest(id, startingAfter));
                return true;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or Xunit.Sdk.EqualException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(120), "the stream read from the survivor");
        return rest!;
    }
}
