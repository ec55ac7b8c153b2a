using HermesX.IntegrationTests.Chat;

namespace HermesX.IntegrationTests.Clients;

/// <summary>The official openai Node SDK (tests/clients), unmodified, against Chat Completions on a running silo.</summary>
public sealed class OpenAiNodeClientTests(ChatClusterFixture fixture) : IClassFixture<ChatClusterFixture>
{
    [Fact]
    public async Task PlainStreamedAndToolCompletionsWork()
    {
        var (_, key) = await fixture.Chat.TenantWithKeyAsync();
        var run = await NodeScript.ClientAsync("chat-openai-basics.mjs", fixture.Chat.Cluster.First.BaseAddress, key, ChatCluster.Model);
        var result = run.Result();

        Assert.Equal("Fake reply to: hello there", result.GetProperty("plain").GetString());
        Assert.Equal("stop", result.GetProperty("plainFinish").GetString());
        Assert.Equal("Fake reply to: stream this please", result.GetProperty("streamed").GetString());
        Assert.True(result.GetProperty("streamedTotalTokens").GetInt32() > 0);
        Assert.Equal("tool_calls", result.GetProperty("toolFinish").GetString());
        Assert.Equal("get_weather", result.GetProperty("toolName").GetString());
        Assert.Equal("Paris", result.GetProperty("toolArguments").GetProperty("city").GetString());
        Assert.False(string.IsNullOrEmpty(result.GetProperty("afterTool").GetString()));
    }
}
