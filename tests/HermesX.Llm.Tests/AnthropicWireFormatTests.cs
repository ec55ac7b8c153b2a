using HermesX.FakeLlm.Scripting;
using HermesX.Grains.Llm;
using Microsoft.Extensions.AI;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Llm.Tests;

/// <summary>What the Anthropic provider puts on the wire, as the fake received it.</summary>
public sealed class AnthropicWireFormatTests : FakeServerTest
{
    [Fact]
    public async Task SendsSystemSeparatelyWithKeyAndMaxTokens()
    {
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.Anthropic));

        await host.Factory.GetClient().ChatClient.GetResponseAsync([new(ChatRole.System, "Be brief"), new(ChatRole.User, "Hi")]);

        var request = Assert.Single(Server.Requests);
        Assert.Equal("/v1/messages", request.Path);
        // SDK 13 sends the key as a bearer token; older clients used x-api-key.
        var credential = request.Headers.GetValueOrDefault("x-api-key") ?? request.Headers["authorization"];
        Assert.EndsWith(LlmTestHost.ApiKey, credential);
        Assert.True(request.Headers.ContainsKey("anthropic-version"));
        var body = request.Json()!;
        Assert.Equal(LlmTestHost.Model, (string?)body["model"]);
        Assert.Contains("Be brief", body["system"]!.ToJsonString());
        // HERMES_MAX_TOKENS' default: the Messages API rejects a request without max_tokens.
        Assert.Equal(4096, (int?)body["max_tokens"]);
        var messages = body["messages"]!.AsArray();
        Assert.Equal("user", (string?)Assert.Single(messages)!["role"]);
    }

    [Fact]
    public async Task SendsToolsWithInputSchema()
    {
        Server.Enqueue(FakeReply.WithText("ok"));
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.Anthropic));

        await host.Factory.GetClient().ChatClient.GetResponseAsync("Add", ChatHelpers.WithCalculator());

        var tool = Assert.Single(Server.Requests).Json()!["tools"]!.AsArray().Single()!;
        Assert.Equal("calculator", (string?)tool["name"]);
        Assert.Equal("string", (string?)tool["input_schema"]!["properties"]!["expression"]!["type"]);
    }

    [Fact]
    public async Task SendsToolResultAsUserToolResultBlock()
    {
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.Anthropic));

        await host.Factory.GetClient().ChatClient.GetResponseAsync(ChatHelpers.CalculatorRoundTrip(), ChatHelpers.WithCalculator());

        var messages = Assert.Single(Server.Requests).Json()!["messages"]!.AsArray();
        var toolUse = messages[1]!["content"]!.AsArray().Single(b => (string?)b!["type"] == "tool_use")!;
        Assert.Equal("call_1", (string?)toolUse["id"]);
        Assert.Equal("calculator", (string?)toolUse["name"]);
        Assert.Equal("2+2", (string?)toolUse["input"]!["expression"]);
        Assert.Equal("user", (string?)messages[2]!["role"]);
        var result = messages[2]!["content"]!.AsArray().Single(b => (string?)b!["type"] == "tool_result")!;
        Assert.Equal("call_1", (string?)result["tool_use_id"]);
        Assert.Contains("4", result["content"]!.ToJsonString());
    }

    [Fact]
    public async Task StreamingRequestAsksForStream()
    {
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.Anthropic));

        var (_, response) = await ChatHelpers.StreamAsync(host.Factory.GetClient().ChatClient, [new(ChatRole.User, "Hi")]);

        Assert.True((bool?)Assert.Single(Server.Requests).Json()!["stream"]);
        Assert.Equal("Fake reply to: Hi", response.Text);
        Assert.NotNull(response.Usage?.InputTokenCount);
    }
}
