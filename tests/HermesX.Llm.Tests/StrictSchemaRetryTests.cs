using HermesX.FakeLlm.Scripting;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Agent.Strict;
using HermesX.Grains.Llm;
using Microsoft.Extensions.AI;

namespace HermesX.Llm.Tests;

/// <summary>
/// A Gemini model (which has no strict mode) behind HermesX's check: arguments that break a strict tool's
/// schema are the provider's failure, asked for once more, then an error.
/// </summary>
public sealed class StrictSchemaRetryTests : FakeServerTest
{
    private const string Parameters =
        """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}""";

    private static readonly ClientTool Tool = new("get_weather", null, Parameters, Strict: true);

    private readonly List<ChatResponse> _discarded = [];

    private IChatClient Checked(LlmTestHost host)
    {
        var llm = host.Factory.GetClient();
        var request = new TurnRequest("u", llm.Model.Id, [new SessionMessage("user", "weather?")], [Tool], null, null, null, null);
        var schemas = StrictSchemas.For(request, LlmProviders.Gemini)!;
        return new StrictSchemaChatClient(llm.ChatClient, schemas, llm.Model, (r, _) => _discarded.Add(r));
    }

    private static ChatOptions Options => new() { Tools = [new ClientToolDeclaration(Tool, LlmProviders.Gemini)] };

    [Fact]
    public async Task ArgumentsThatKeepToTheSchemaTakeOneCall()
    {
        Server.Enqueue(FakeReply.WithToolCall("get_weather", """{"city":"Paris"}"""));
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.Gemini));

        var response = await Checked(host).GetResponseAsync("weather?", Options);

        Assert.Equal("Paris", ChatHelpers.SingleCall(response).Arguments!["city"]!.ToString());
        Assert.Single(Server.Requests);
        Assert.Empty(_discarded);
    }

    [Fact]
    public async Task ArgumentsThatBreakTheSchemaAreAskedForOnceMore()
    {
        Server.Enqueue(FakeReply.WithToolCall("get_weather", """{"city":42}"""), FakeReply.WithToolCall("get_weather", """{"city":"Paris"}"""));
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.Gemini));

        var response = await Checked(host).GetResponseAsync("weather?", Options);

        Assert.Equal("Paris", ChatHelpers.SingleCall(response).Arguments!["city"]!.ToString());
        Assert.Equal(2, Server.Requests.Count);
        Assert.Equal(Server.Requests[0].Body, Server.Requests[1].Body);
        Assert.Equal("42", ChatHelpers.SingleCall(Assert.Single(_discarded)).Arguments!["city"]!.ToString());
    }

    [Fact]
    public async Task AStreamedAnswerIsHeldUntilItKeepsToTheSchema()
    {
        Server.Enqueue(
            new FakeReply { Chunks = ["Looking ", "it up."], ToolCalls = [new FakeToolCall("get_weather", """{"town":"Paris"}""")] },
            new FakeReply { Chunks = ["Checking."], ToolCalls = [new FakeToolCall("get_weather", """{"city":"Paris"}""")] });
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.Gemini));

        var (updates, response) = await ChatHelpers.StreamAsync(Checked(host), [new(ChatRole.User, "weather?")], Options);

        // Nothing of the discarded answer reached the caller.
        Assert.Equal("Checking.", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal("Paris", ChatHelpers.SingleCall(response).Arguments!["city"]!.ToString());
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task ASecondMissFailsTheCallNamingTheProblem()
    {
        Server.Enqueue(
            FakeReply.WithToolCall("get_weather", """{"city":42}"""),
            FakeReply.WithToolCall("get_weather", """{"city":43}"""),
            FakeReply.WithToolCall("get_weather", """{"city":"never asked for"}"""));
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.Gemini));

        var e = await Assert.ThrowsAsync<LlmOutputMismatchException>(() => Checked(host).GetResponseAsync("weather?", Options));

        Assert.Contains("get_weather", e.Problem);
        Assert.Contains("/city", e.Problem);
        Assert.Equal(LlmProviders.Gemini, e.Provider);
        Assert.Equal(2, Server.Requests.Count);
        Assert.Equal(2, _discarded.Count);
    }
}
