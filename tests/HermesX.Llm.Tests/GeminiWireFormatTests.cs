using HermesX.FakeLlm.Scripting;
using HermesX.Grains.Llm;
using Microsoft.Extensions.AI;
using HermesX.Grains.Abstractions.Llm;
using Microsoft.Extensions.Time.Testing;

namespace HermesX.Llm.Tests;

/// <summary>What the Gemini provider puts on the wire, as the fake received it.</summary>
public sealed class GeminiWireFormatTests : FakeServerTest
{
    [Fact]
    public async Task SendsContentsAndSystemInstructionToGenerateContent()
    {
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.Gemini));

        await host.Factory.GetClient().ChatClient.GetResponseAsync(
            [new(ChatRole.System, "Be brief"), new(ChatRole.User, "Hi")],
            new ChatOptions { MaxOutputTokens = 50, Temperature = 0.5f });

        var request = Assert.Single(Server.Requests);
        Assert.Equal($"/v1beta/models/{LlmTestHost.Model}:generateContent", request.Path);
        Assert.Equal(LlmTestHost.ApiKey, request.Headers["x-goog-api-key"]);
        var body = request.Json()!;
        Assert.Equal("Be brief", (string?)body["systemInstruction"]!["parts"]![0]!["text"]);
        var content = Assert.Single(body["contents"]!.AsArray())!;
        Assert.Equal("user", (string?)content["role"]);
        Assert.Equal("Hi", (string?)content["parts"]![0]!["text"]);
        Assert.Equal(50, (int?)body["generationConfig"]!["maxOutputTokens"]);
        Assert.Equal(0.5, (double?)body["generationConfig"]!["temperature"]);
    }

    [Fact]
    public async Task SendsToolsAsFunctionDeclarations()
    {
        Server.Enqueue(FakeReply.WithText("ok"));
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.Gemini));

        await host.Factory.GetClient().ChatClient.GetResponseAsync("Add", ChatHelpers.WithCalculator());

        var body = Assert.Single(Server.Requests).Json()!;
        var declaration = body["tools"]![0]!["functionDeclarations"]!.AsArray().Single()!;
        Assert.Equal("calculator", (string?)declaration["name"]);
        Assert.Equal("string", (string?)declaration["parametersJsonSchema"]!["properties"]!["expression"]!["type"]);
        Assert.Equal("AUTO", (string?)body["toolConfig"]!["functionCallingConfig"]!["mode"]);
    }

    [Fact]
    public async Task SendsToolResultAsFunctionResponseNamedAfterTheCall()
    {
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.Gemini));

        await host.Factory.GetClient().ChatClient.GetResponseAsync(ChatHelpers.CalculatorRoundTrip(), ChatHelpers.WithCalculator());

        var contents = Assert.Single(Server.Requests).Json()!["contents"]!.AsArray();
        Assert.Equal("model", (string?)contents[1]!["role"]);
        var call = contents[1]!["parts"]![0]!["functionCall"]!;
        Assert.Equal("calculator", (string?)call["name"]);
        Assert.Equal("2+2", (string?)call["args"]!["expression"]);
        Assert.Equal("user", (string?)contents[2]!["role"]);
        var response = contents[2]!["parts"]![0]!["functionResponse"]!;
        Assert.Equal("calculator", (string?)response["name"]);
        Assert.Equal("4", (string?)response["response"]!["result"]);
    }

    [Fact]
    public async Task StreamingUsesServerSentEvents()
    {
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.Gemini));

        var (_, response) = await ChatHelpers.StreamAsync(host.Factory.GetClient().ChatClient, [new(ChatRole.User, "Hi")]);

        var request = Assert.Single(Server.Requests);
        Assert.Equal($"/v1beta/models/{LlmTestHost.Model}:streamGenerateContent", request.Path);
        Assert.Equal("?alt=sse", request.Query);
        Assert.Equal("Fake reply to: Hi", response.Text);
        Assert.Equal(1, response.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task AnswersAreStampedByTheInjectedClock()
    {
        var at = new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.Gemini), new FakeTimeProvider(at));
        var client = host.Factory.GetClient().ChatClient;

        var answer = await client.GetResponseAsync("Hi");
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("Hi"))
        {
            updates.Add(update);
        }

        Assert.Equal(at, answer.CreatedAt);
        Assert.NotEmpty(updates);
        Assert.All(updates, u => Assert.Equal(at, u.CreatedAt));
    }
}
