using System.Text.Json.Nodes;
using HermesX.FakeLlm.Scripting;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Agent.Strict;
using Microsoft.Extensions.AI;

namespace HermesX.Llm.Tests;

/// <summary>Where a client tool's <c>strict</c> lands on each provider's wire, as the fake received it.</summary>
public sealed class StrictToolWireTests : FakeServerTest
{
    private const string Parameters =
        """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}""";

    private static ChatOptions WithTool(bool strict, string provider) =>
        new() { Tools = [new ClientToolDeclaration(new ClientTool("get_weather", "Weather for a city", Parameters, strict), provider)] };

    private async Task<JsonNode> SentToolAsync(string provider, bool strict)
    {
        Server.Enqueue(FakeReply.WithText("ok"));
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, provider));
        await host.Factory.GetClient().ChatClient.GetResponseAsync("weather?", WithTool(strict, provider));
        var body = Assert.Single(Server.Requests).Json()!;
        return provider == LlmProviders.Gemini
            ? body["tools"]![0]!["functionDeclarations"]![0]!
            : body["tools"]!.AsArray().Single()!;
    }

    [Fact]
    public async Task OpenAIGetsStrictOnTheFunctionWithItsSchema()
    {
        var tool = await SentToolAsync(LlmProviders.OpenAI, strict: true);

        var function = tool["function"]!;
        Assert.True((bool?)function["strict"], tool.ToJsonString());
        // As the caller wrote it: a schema OpenAI's strict mode takes needs no rewriting.
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Parameters), function["parameters"]), function["parameters"]!.ToJsonString());
    }

    [Fact]
    public async Task OpenAIGetsNoStrictForANonStrictTool()
    {
        var tool = await SentToolAsync(LlmProviders.OpenAI, strict: false);

        Assert.NotEqual(true, (bool?)tool["function"]!["strict"]);
    }

    [Fact]
    public async Task AnthropicGetsStrictOnTheTool()
    {
        var tool = await SentToolAsync(LlmProviders.Anthropic, strict: true);

        Assert.True((bool?)tool["strict"], tool.ToJsonString());
        Assert.Equal("string", (string?)tool["input_schema"]!["properties"]!["city"]!["type"]);
    }

    [Fact]
    public async Task GeminiGetsNoStrictFlagItWouldNotKnow()
    {
        var tool = await SentToolAsync(LlmProviders.Gemini, strict: true);

        Assert.Equal("get_weather", (string?)tool["name"]);
        Assert.DoesNotContain("strict", tool.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }
}
