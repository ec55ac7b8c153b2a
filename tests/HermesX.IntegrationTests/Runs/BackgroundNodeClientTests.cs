using HermesX.FakeLlm.Scripting;
using HermesX.IntegrationTests.Chat;
using HermesX.IntegrationTests.Clients;

namespace HermesX.IntegrationTests.Runs;

/// <summary>The official openai Node SDK (tests/clients), unmodified, drives background create, retrieve, stream resume and cancel.</summary>
public sealed class BackgroundNodeClientTests(ChatClusterFixture fixture) : IClassFixture<ChatClusterFixture>
{
    [Fact]
    public async Task OpenAiNodeSdkCreatesRetrievesResumesAndCancelsBackgroundResponses()
    {
        var (_, key) = await fixture.Chat.TenantWithKeyAsync();
        fixture.Chat.Llm.Reset();
        string[] chunks = ["one ", "two ", "three ", "four ", "five ", "six"];
        fixture.Chat.Llm.Enqueue(FakeReply.WithText("done in the background"), new FakeReply { Chunks = chunks, ChunkDelayMs = 100 },
            new FakeReply { Text = "never seen", DelayMs = 120_000 });

        var result = (await NodeScript.ClientAsync("responses-background-openai.mjs", fixture.Chat.Cluster.First.BaseAddress, key, ChatCluster.Model)).Result();

        Assert.Contains(result.GetProperty("createdStatus").GetString(), new[] { "queued", "in_progress" });
        Assert.True(result.GetProperty("createdBackground").GetBoolean());
        Assert.Equal("completed", result.GetProperty("doneStatus").GetString());
        Assert.Equal("done in the background", result.GetProperty("doneText").GetString());
        var types = result.GetProperty("streamTypes").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Equal("response.created", types[0]);
        Assert.Equal("response.completed", types[^1]);
        Assert.Equal(string.Concat(chunks), result.GetProperty("streamDeltas").GetString());
        Assert.Equal("cancelled", result.GetProperty("cancelledStatus").GetString());
        Assert.Equal("cancelled", result.GetProperty("afterCancelStatus").GetString());
        Assert.Equal(400, result.GetProperty("cancelCompleted").GetInt32());
    }
}
