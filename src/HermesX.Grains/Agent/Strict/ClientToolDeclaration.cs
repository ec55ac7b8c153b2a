using System.Text.Json;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Abstractions.Sessions;
using Microsoft.Extensions.AI;

namespace HermesX.Grains.Agent.Strict;

/// <summary>
/// A caller's tool as MEAI declares it. A strict one carries the flag each provider's SDK adapter copies onto
/// the wire: "strict" for OpenAI's (the function's <c>strict</c>), "Strict" for Anthropic's (the tool's
/// <c>strict</c>). Other providers get no flag: <see cref="StrictSchemas"/> checks the arguments instead.
/// </summary>
public sealed class ClientToolDeclaration(ClientTool tool, string provider) : AIFunctionDeclaration
{
    private readonly JsonElement _schema = JsonDocument.Parse(tool.ParametersJson).RootElement.Clone();

    public override string Name => tool.Name;

    public override string Description => tool.Description ?? "";

    public override JsonElement JsonSchema => _schema;

    public override IReadOnlyDictionary<string, object?> AdditionalProperties { get; } = Flags(tool, provider);

    private static AdditionalPropertiesDictionary Flags(ClientTool tool, string provider) =>
        (tool.Strict, provider) switch
        {
            (true, LlmProviders.OpenAI) => new() { ["strict"] = true },
            (true, LlmProviders.Anthropic) => new() { ["Strict"] = true },
            _ => [],
        };
}
