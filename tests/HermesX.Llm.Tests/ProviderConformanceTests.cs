using HermesX.FakeLlm.Conversation;
using HermesX.FakeLlm.Scripting;
using HermesX.Grains.Llm;
using Microsoft.Extensions.AI;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Llm.Tests;

/// <summary>What every provider must do the same way, each over its own wire format.</summary>
public sealed class ProviderConformanceTests : FakeServerTest
{
    public static TheoryData<string> Providers => [LlmProviders.OpenAI, LlmProviders.Anthropic, LlmProviders.Gemini];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TextReplyCarriesUsageAndStopReason(string provider)
    {
        Server.Enqueue(FakeReply.WithText("Hello from the fake"));
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, provider));

        var response = await host.Factory.GetClient().ChatClient.GetResponseAsync("Hi there");

        Assert.Equal("Hello from the fake", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(TokenCounter.Count("Hi there"), response.Usage?.InputTokenCount);
        Assert.Equal(TokenCounter.Count("Hello from the fake"), response.Usage?.OutputTokenCount);
        var request = Assert.Single(Server.Requests);
        Assert.Equal(provider, request.Provider);
        Assert.Equal(LlmTestHost.Model, request.Model);
        Assert.False(request.Stream);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task StreamedTextArrivesInPiecesWithUsage(string provider)
    {
        Server.Enqueue(FakeReply.WithChunks("one ", "two ", "three"));
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, provider));

        var (updates, response) = await ChatHelpers.StreamAsync(host.Factory.GetClient().ChatClient, [new(ChatRole.User, "count")]);

        Assert.Equal("one two three", response.Text);
        Assert.True(updates.Count(u => u.Text.Length > 0) >= 3);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(TokenCounter.Count("one two three"), response.Usage?.OutputTokenCount);
        Assert.True(Assert.Single(Server.Requests).Stream);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ToolCallComesBackWithParsedArguments(string provider)
    {
        Server.Enqueue(FakeReply.WithToolCall("calculator", """{"expression":"2+2"}"""));
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, provider));

        var response = await host.Factory.GetClient().ChatClient.GetResponseAsync("What is 2+2?", ChatHelpers.WithCalculator());

        var call = ChatHelpers.SingleCall(response);
        Assert.Equal("calculator", call.Name);
        Assert.Equal("2+2", call.Arguments?["expression"]?.ToString());
        Assert.False(string.IsNullOrEmpty(call.CallId));
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task StreamedToolCallIsReassembled(string provider)
    {
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, provider));

        // No script: the fake's convention turns "call:NAME {args}" into a tool call.
        var (_, response) = await ChatHelpers.StreamAsync(
            host.Factory.GetClient().ChatClient,
            [new(ChatRole.User, """please call:calculator {"expression":"6*7"}""")],
            ChatHelpers.WithCalculator());

        var call = ChatHelpers.SingleCall(response);
        Assert.Equal("calculator", call.Name);
        Assert.Equal("6*7", call.Arguments?["expression"]?.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ToolResultReachesTheModel(string provider)
    {
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, provider));

        var response = await host.Factory.GetClient().ChatClient.GetResponseAsync(
            ChatHelpers.CalculatorRoundTrip(), ChatHelpers.WithCalculator());

        // The fake answers a trailing tool result with "The NAME tool returned: RESULT".
        Assert.Equal("The calculator tool returned: 4", response.Text);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task OutputCutByTheTokenLimitEndsWithLength(string provider)
    {
        Server.Enqueue(new FakeReply { Text = "cut short", Finish = FakeFinish.Length });
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, provider));

        var response = await host.Factory.GetClient().ChatClient.GetResponseAsync("Write a lot");

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }
}
