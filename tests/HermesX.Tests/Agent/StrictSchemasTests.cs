using HermesX.Grains.Sessions;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Agent.Strict;
using Microsoft.Extensions.AI;

namespace HermesX.Tests.Agent;

public sealed class StrictSchemasTests
{
    private const string Weather =
        """{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer","minimum":1}},"required":["city"],"additionalProperties":false}""";

    private const string Answer = """{"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"]}""";

    private static TurnRequest Request(bool strictTool = true, bool? strictFormat = null) => new(
        "u", "m", [new SessionMessage("user", "hi")], [new ClientTool("get_weather", null, Weather, strictTool)], null, null, null, null,
        Options: strictFormat is null ? null : new TurnOptions { ResponseFormat = "json_schema", JsonSchemaName = "answer", JsonSchema = Answer, JsonSchemaStrict = strictFormat });

    private static ChatResponse Call(string name, Dictionary<string, object?> arguments) =>
        new(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", name, arguments)]));

    private static ChatResponse Text(string text, ChatFinishReason? finish = null) =>
        new(new ChatMessage(ChatRole.Assistant, text)) { FinishReason = finish ?? ChatFinishReason.Stop };

    [Fact]
    public void OpenAIEnforcesBothItselfSoHermesXChecksNothing() =>
        Assert.Null(StrictSchemas.For(Request(strictFormat: true), LlmProviders.OpenAI));

    [Fact]
    public void AnthropicTakesToolStrictButNotAStrictResponseFormat()
    {
        Assert.Null(StrictSchemas.For(Request(), LlmProviders.Anthropic));
        var schemas = StrictSchemas.For(Request(strictFormat: true), LlmProviders.Anthropic)!;
        Assert.NotNull(schemas.Violation(Text("not json")));
        Assert.Null(schemas.Violation(Call("get_weather", new() { ["city"] = 42 })));
    }

    [Fact]
    public void NothingIsCheckedWhereNothingIsStrict()
    {
        Assert.Null(StrictSchemas.For(Request(strictTool: false, strictFormat: false), LlmProviders.Gemini));
    }

    [Fact]
    public void GeminiToolCallsAreCheckedAgainstTheirParameters()
    {
        var schemas = StrictSchemas.For(Request(), LlmProviders.Gemini)!;

        Assert.Null(schemas.Violation(Call("get_weather", new() { ["city"] = "Paris", ["days"] = 2 })));
        Assert.Contains("/city", schemas.Violation(Call("get_weather", new() { ["city"] = 42 })));
        Assert.Contains("get_weather", schemas.Violation(Call("get_weather", new() { ["town"] = "Paris" })));
        Assert.Contains("/days", schemas.Violation(Call("get_weather", new() { ["city"] = "Paris", ["days"] = 0 })));
        // A tool that is not strict (here a server tool) is not checked.
        Assert.Null(schemas.Violation(Call("web_search", new() { ["anything"] = 1 })));
    }

    [Fact]
    public void ArgumentsThatAreNotJsonBreakTheSchema()
    {
        var schemas = StrictSchemas.For(Request(), LlmProviders.Gemini)!;
        var call = new FunctionCallContent("c1", "get_weather") { Exception = new InvalidOperationException("bad json") };

        Assert.Contains("not a JSON object", schemas.Violation(new ChatResponse(new ChatMessage(ChatRole.Assistant, [call]))));
    }

    [Fact]
    public void AStrictFormatChecksTheFinalAnswerOnly()
    {
        var schemas = StrictSchemas.For(Request(strictTool: false, strictFormat: true), LlmProviders.Gemini)!;

        Assert.Null(schemas.Violation(Text("""{"answer":"yes"}""")));
        Assert.Equal("the answer is not JSON", schemas.Violation(Text("yes")));
        Assert.Contains("answer", schemas.Violation(Text("""{"answer":1}""")));
        // A cut-off answer is told by its finish reason, as OpenAI does; text beside a tool call is no answer.
        Assert.Null(schemas.Violation(Text("""{"answ""", ChatFinishReason.Length)));
        Assert.Null(schemas.Violation(Call("get_weather", new() { ["city"] = "x" })));
    }

    [Fact]
    public void ReferencesInsideTheSchemaAreFollowed()
    {
        const string tree = """
            {"$defs":{"node":{"type":"object","properties":{"name":{"type":"string"},"next":{"$ref":"#/$defs/node"}},"required":["name"]}},
             "type":"object","properties":{"root":{"$ref":"#/$defs/node"}},"required":["root"]}
            """;
        var request = Request() with { ClientTools = [new ClientTool("tree", null, tree, Strict: true)] };
        var schemas = StrictSchemas.For(request, LlmProviders.Gemini)!;

        Assert.Null(schemas.Violation(Call("tree", new() { ["root"] = new Dictionary<string, object?> { ["name"] = "a", ["next"] = new Dictionary<string, object?> { ["name"] = "b" } } })));
        Assert.Contains("/root/next", schemas.Violation(Call("tree", new() { ["root"] = new Dictionary<string, object?> { ["name"] = "a", ["next"] = new Dictionary<string, object?>() } })));
    }

    [Theory]
    [InlineData("""{"type":"nonsense"}""")]
    [InlineData("""{"type":"object","properties":{"a":{"minimum":"one"}}}""")]
    [InlineData("""{"$ref":"https://schemas.example/remote.json"}""")]
    [InlineData("""{"type":"object","properties":{"a":{"$ref":"#/$defs/missing"}}}""")]
    [InlineData("""{"type":"object","properties":{"a":{"$ref":"#"}}, "$ref":"#"}""")]
    public void AStrictSchemaHermesXCannotUseIsRefusedAsTheCallersError(string schema)
    {
        var request = Request() with { ClientTools = [new ClientTool("f", null, schema, Strict: true)] };

        var e = Assert.Throws<TurnErrorException>(() => StrictSchemas.For(request, LlmProviders.Gemini)).Error;
        Assert.Equal(TurnErrorKind.InvalidSchema, e.Kind);
        Assert.Equal("tools", e.Param);
        Assert.Contains("'f'", e.Message);
    }
}
