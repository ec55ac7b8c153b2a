using HermesX.Grains.Sessions;
using System.Text.Json;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Abstractions.Sessions;
using Json.Schema;
using Microsoft.Extensions.AI;

namespace HermesX.Grains.Agent.Strict;

/// <summary>
/// The strict JSON Schemas of one turn that HermesX checks itself: a client tool's parameters marked
/// <c>strict</c>, and a <c>json_schema</c> response format marked <c>strict</c>, where the model's provider
/// cannot be told to enforce them. Where it can, <c>strict</c> is forwarded and nothing is checked here.
/// </summary>
public sealed class StrictSchemas
{
    private readonly IReadOnlyDictionary<string, Compiled> _tools;
    private readonly Compiled? _answer;

    /// <summary>A caller's schema, what it is ("tool 'x' parameters") and the request field it came from.</summary>
    private sealed record Compiled(JsonSchema Schema, string What, string Param);

    private StrictSchemas(IReadOnlyDictionary<string, Compiled> tools, Compiled? answer)
    {
        _tools = tools;
        _answer = answer;
    }

    /// <summary>OpenAI (and compatible servers) take <c>strict</c> on a function; Anthropic's Messages API on a tool.</summary>
    public static bool ProviderTakesToolStrict(string provider) => provider is LlmProviders.OpenAI or LlmProviders.Anthropic;

    /// <summary>Only OpenAI's response format has <c>strict</c>; Anthropic's and Gemini's schema outputs carry no such flag.</summary>
    public static bool ProviderTakesFormatStrict(string provider) => provider == LlmProviders.OpenAI;

    /// <summary>
    /// What HermesX must check for this turn on this provider, or null when nothing. Throws
    /// <see cref="TurnErrorException"/> (<see cref="TurnErrorKind.InvalidSchema"/>) for a strict schema that is not a usable JSON Schema,
    /// before any model call.
    /// </summary>
    public static StrictSchemas? For(TurnRequest request, string provider)
    {
        var tools = new Dictionary<string, Compiled>(StringComparer.Ordinal);
        if (!ProviderTakesToolStrict(provider))
        {
            foreach (var tool in request.ClientTools.Where(t => t.Strict))
            {
                tools[tool.Name] = Compile(tool.ParametersJson, $"tool '{tool.Name}' parameters", "tools");
            }
        }
        var format = request.Options;
        var answer = format is { ResponseFormat: "json_schema", JsonSchemaStrict: true, JsonSchema: { } schema } && !ProviderTakesFormatStrict(provider)
            ? Compile(schema, "response_format.json_schema.schema", "response_format")
            : null;
        return tools.Count > 0 || answer is not null ? new StrictSchemas(tools, answer) : null;
    }

    /// <summary>Why the model's answer breaks a strict schema of the turn, or null when it keeps to them.</summary>
    public string? Violation(ChatResponse response)
    {
        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        foreach (var call in calls)
        {
            if (!_tools.TryGetValue(call.Name, out var schema))
            {
                continue;
            }
            if (call.Exception is not null)
            {
                return $"the arguments of tool call '{call.Name}' are not a JSON object";
            }
            var arguments = JsonSerializer.SerializeToElement(call.Arguments ?? new Dictionary<string, object?>());
            if (FirstError(schema, arguments) is { } error)
            {
                return $"the arguments of tool call '{call.Name}' do not match its schema: {error}";
            }
        }
        // A final answer only: text beside tool calls is not the answer, and a cut-off or filtered
        // answer is reported by its finish reason, as OpenAI does.
        if (_answer is null || calls.Count > 0 || response.FinishReason == ChatFinishReason.Length || response.FinishReason == ChatFinishReason.ContentFilter)
        {
            return null;
        }
        if (SchemaCheck.Parse(response.Text) is not { } answer)
        {
            return "the answer is not JSON";
        }
        return FirstError(_answer, answer) is { } problem ? $"the answer does not match the response format's schema: {problem}" : null;
    }

    private static Compiled Compile(string json, string what, string param) =>
        SchemaCheck.Compile(json, out var error) is { } schema ? new Compiled(schema, what, param) : throw Unusable(what, param, error);

    private static string? FirstError(Compiled compiled, JsonElement instance)
    {
        try
        {
            return SchemaCheck.FirstError(compiled.Schema, instance);
        }
        catch (Exception e) when (e is RefResolutionException or JsonSchemaException)
        {
            // What Compile could not see (the library resolves some references only when evaluation reaches them).
            throw Unusable(compiled.What, compiled.Param, e.Message);
        }
    }

    private static TurnErrorException Unusable(string what, string param, string? why) =>
        new(new TurnError(TurnErrorKind.InvalidSchema, $"The strict {what} is not a usable JSON Schema: {why}", param));
}
