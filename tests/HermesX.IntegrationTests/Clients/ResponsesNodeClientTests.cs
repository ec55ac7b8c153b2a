using HermesX.IntegrationTests.Chat;

namespace HermesX.IntegrationTests.Clients;

/// <summary>The openai Node SDK and the Vercel AI SDK's default provider (tests/clients), unmodified, against /v1/responses.</summary>
public sealed class ResponsesNodeClientTests(ChatClusterFixture fixture) : IClassFixture<ChatClusterFixture>
{
    [Fact]
    public async Task OpenAiNodeSdkCreatesStreamsAndContinuesResponses()
    {
        var (_, key) = await fixture.Chat.TenantWithKeyAsync();
        var result = (await NodeScript.ClientAsync("responses-openai.mjs", fixture.Chat.Cluster.First.BaseAddress, key, ChatCluster.Model)).Result();

        Assert.Equal("Fake reply to: hello there", result.GetProperty("plain").GetString());
        Assert.Equal("completed", result.GetProperty("plainStatus").GetString());
        Assert.True(result.GetProperty("plainTotalTokens").GetInt32() > 0);
        Assert.Equal("Fake reply to: stream this please", result.GetProperty("streamed").GetString());
        var types = result.GetProperty("types").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Equal("response.created", types[0]);
        Assert.Equal("response.completed", types[^1]);
        Assert.Contains("response.output_text.done", types);
        Assert.Equal("Fake reply to: stream this please", result.GetProperty("completedText").GetString());
        Assert.Equal("Fake reply to: stream the helper", result.GetProperty("helperDeltas").GetString());
        Assert.Equal("Fake reply to: stream the helper", result.GetProperty("helperFinal").GetString());
        Assert.Equal("get_weather", result.GetProperty("toolName").GetString());
        Assert.Equal("Paris", result.GetProperty("toolArguments").GetProperty("city").GetString());
        Assert.Contains("sunny, 21 C", result.GetProperty("afterTool").GetString());
        Assert.StartsWith("resp_", result.GetProperty("previous").GetString());
        Assert.Equal(result.GetProperty("afterTool").GetString(), result.GetProperty("fetched").GetString());
        Assert.Equal(404, result.GetProperty("afterDelete").GetInt32());
    }

    [Fact]
    public async Task VercelAiSdkDefaultProviderGeneratesStreamsAndRunsToolSteps()
    {
        var (_, key) = await fixture.Chat.TenantWithKeyAsync();
        var result = (await NodeScript.ClientAsync("responses-ai-sdk.mjs", fixture.Chat.Cluster.First.BaseAddress, key, ChatCluster.Model)).Result();

        Assert.Equal("Fake reply to: hello there", result.GetProperty("plain").GetString());
        Assert.Equal("stop", result.GetProperty("plainFinish").GetString());
        Assert.True(result.GetProperty("plainInputTokens").GetInt32() > 0);
        Assert.StartsWith("resp_", result.GetProperty("plainResponseId").GetString());
        Assert.Equal("Fake reply to: stream this please", result.GetProperty("streamed").GetString());
        Assert.True(result.GetProperty("streamTotalTokens").GetInt32() > 0);
        Assert.Equal(2, result.GetProperty("steps").GetInt32());
        Assert.Equal(["get_weather"], result.GetProperty("firstStepToolCalls").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("sunny in Paris, 21 C", result.GetProperty("multiText").GetString());
        Assert.Equal("Fake reply to: which word?", result.GetProperty("followUp").GetString());
        // The follow-up referenced the earlier answer by item id; the model still saw it.
        var seen = fixture.Chat.Llm.Requests.Last(q => q.Body.Contains("which word?", StringComparison.Ordinal)).Body;
        Assert.Contains("Fake reply to: remember the word teal", seen);
    }
}
