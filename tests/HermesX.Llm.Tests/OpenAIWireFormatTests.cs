using System.Text.Json.Nodes;
using HermesX.FakeLlm.Scripting;
using HermesX.Grains.Llm;
using Microsoft.Extensions.AI;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Llm.Tests;

/// <summary>What the OpenAI provider puts on the wire, as the fake received it.</summary>
public sealed class OpenAIWireFormatTests : FakeServerTest
{
    [Fact]
    public async Task SendsModelMessagesAndBearerKeyToChatCompletions()
    {
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.OpenAI));

        await host.Factory.GetClient().ChatClient.GetResponseAsync(
            [new(ChatRole.System, "Be brief"), new(ChatRole.User, "Hi")], new ChatOptions { MaxOutputTokens = 50 });

        var request = Assert.Single(Server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer " + LlmTestHost.ApiKey, request.Headers["authorization"]);
        var body = request.Json()!;
        Assert.Equal(LlmTestHost.Model, (string?)body["model"]);
        Assert.Equal("system", (string?)body["messages"]![0]!["role"]);
        Assert.Equal("Hi", ContentText(body["messages"]![1]!["content"]));
        Assert.Equal(50, (int?)(body["max_completion_tokens"] ?? body["max_tokens"]));
    }

    [Fact]
    public async Task SendsToolsAsFunctionsWithJsonSchema()
    {
        Server.Enqueue(FakeReply.WithText("ok"));
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.OpenAI));

        await host.Factory.GetClient().ChatClient.GetResponseAsync("Add", ChatHelpers.WithCalculator());

        var tool = Assert.Single(Server.Requests).Json()!["tools"]!.AsArray().Single()!;
        Assert.Equal("function", (string?)tool["type"]);
        Assert.Equal("calculator", (string?)tool["function"]!["name"]);
        Assert.Equal("string", (string?)tool["function"]!["parameters"]!["properties"]!["expression"]!["type"]);
    }

    [Fact]
    public async Task SendsToolResultAsToolMessageAfterTheAssistantCall()
    {
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.OpenAI));

        await host.Factory.GetClient().ChatClient.GetResponseAsync(ChatHelpers.CalculatorRoundTrip(), ChatHelpers.WithCalculator());

        var messages = Assert.Single(Server.Requests).Json()!["messages"]!.AsArray();
        var call = messages[1]!["tool_calls"]![0]!;
        Assert.Equal("call_1", (string?)call["id"]);
        Assert.Equal("calculator", (string?)call["function"]!["name"]);
        Assert.Equal("2+2", (string?)JsonNode.Parse((string)call["function"]!["arguments"]!)!["expression"]);
        Assert.Equal("tool", (string?)messages[2]!["role"]);
        Assert.Equal("call_1", (string?)messages[2]!["tool_call_id"]);
        Assert.Equal("4", ContentText(messages[2]!["content"]));
    }

    [Fact]
    public async Task StreamingAsksForUsageInTheLastChunk()
    {
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.OpenAI));

        var (_, response) = await ChatHelpers.StreamAsync(host.Factory.GetClient().ChatClient, [new(ChatRole.User, "Hi")]);

        var body = Assert.Single(Server.Requests).Json()!;
        Assert.True((bool?)body["stream"]);
        Assert.True((bool?)body["stream_options"]!["include_usage"]);
        Assert.NotNull(response.Usage?.InputTokenCount);
    }

    /// <summary>Content as a string, whether sent as a string or as text parts.</summary>
    [Fact]
    public async Task SendsALongHistoryWithItsLengthAndEveryMessageIntact()
    {
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.OpenAI));
        // Past the pooled buffer's first size, and reused across calls: each body is only its own messages.
        var history = Enumerable.Range(0, 300).Select(i => new ChatMessage(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, $"message {i} " + new string('x', 40))).ToList();

        await host.Factory.GetClient().ChatClient.GetResponseAsync(history);
        await host.Factory.GetClient().ChatClient.GetResponseAsync(history.Take(3));

        var (first, second) = (Server.Requests[0], Server.Requests[1]);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(first.Body).ToString(), first.Headers["content-length"]);
        Assert.False(first.Headers.ContainsKey("transfer-encoding"));
        var sent = first.Json()!["messages"]!.AsArray();
        Assert.Equal(300, sent.Count);
        Assert.Equal("message 299 " + new string('x', 40), ContentText(sent[299]!["content"]));
        Assert.Equal(3, second.Json()!["messages"]!.AsArray().Count);
    }

    private static string ContentText(JsonNode? content) => content switch
    {
        JsonValue value => (string)value!,
        JsonArray parts => string.Concat(parts.Select(p => (string?)p!["text"])),
        _ => "",
    };
}
