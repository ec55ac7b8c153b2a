using HermesX.IntegrationTests.Chat;

namespace HermesX.IntegrationTests.Clients;

/// <summary>The official @anthropic-ai/sdk (tests/clients), unmodified, against the Messages API on a running silo.</summary>
public sealed class AnthropicNodeClientTests(ChatClusterFixture fixture) : IClassFixture<ChatClusterFixture>
{
    private async Task<System.Text.Json.JsonElement> RunAsync(string script)
    {
        var (_, key) = await fixture.Chat.TenantWithKeyAsync();
        return (await NodeScript.ClientAsync(script, fixture.Chat.Cluster.First.BaseAddress, key, ChatCluster.Model)).Result();
    }

    [Fact]
    public async Task MessagesCreateWorksWithTheKeyAsXApiKeyOrBearerAndRefusalsAreTypedErrors()
    {
        var result = await RunAsync("messages-anthropic-basics.mjs");
        Assert.StartsWith("msg_", result.GetProperty("id").GetString());
        Assert.Equal("message", result.GetProperty("type").GetString());
        Assert.Equal("assistant", result.GetProperty("role").GetString());
        Assert.Equal("Fake reply to: hello from anthropic", result.GetProperty("text").GetString());
        Assert.Equal("end_turn", result.GetProperty("stopReason").GetString());
        Assert.True(result.GetProperty("inputTokens").GetInt32() > 0);
        Assert.True(result.GetProperty("outputTokens").GetInt32() > 0);
        Assert.Equal("Fake reply to: hello by bearer", result.GetProperty("bearerText").GetString());
        var refused = result.GetProperty("refused");
        Assert.Equal(400, refused.GetProperty("status").GetInt32());
        Assert.Equal("invalid_request_error", refused.GetProperty("type").GetString());
        Assert.Contains("top_k", refused.GetProperty("message").GetString());
    }

    [Fact]
    public async Task TheStreamHelperAndRawStreamEventsWork()
    {
        var result = await RunAsync("messages-anthropic-stream.mjs");
        Assert.Equal("Fake reply to: stream this message", result.GetProperty("helperText").GetString());
        Assert.Equal("Fake reply to: stream this message", result.GetProperty("finalText").GetString());
        Assert.Equal("end_turn", result.GetProperty("finalStopReason").GetString());
        Assert.True(result.GetProperty("finalOutputTokens").GetInt32() > 0);
        Assert.True(result.GetProperty("finalInputTokens").GetInt32() > 0);
        Assert.Equal("message_start", result.GetProperty("first").GetString());
        Assert.Equal("message_stop", result.GetProperty("last").GetString());
        Assert.Equal(
            ["message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
            result.GetProperty("types").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("Fake reply to: raw events please", result.GetProperty("rawText").GetString());
    }

    [Fact]
    public async Task AToolUseAndToolResultRoundTripWorksPlainAndStreamed()
    {
        var result = await RunAsync("messages-anthropic-tools.mjs");
        Assert.Equal("tool_use", result.GetProperty("firstStopReason").GetString());
        Assert.Equal("get_weather", result.GetProperty("toolName").GetString());
        Assert.Equal("Lisbon", result.GetProperty("toolInput").GetProperty("city").GetString());
        Assert.Equal("end_turn", result.GetProperty("secondStopReason").GetString());
        Assert.Contains("24 C, clear", result.GetProperty("secondText").GetString());
        Assert.Equal("tool_use", result.GetProperty("streamedStopReason").GetString());
        Assert.Equal("Porto", result.GetProperty("streamedToolInput").GetProperty("city").GetString());
    }
}
