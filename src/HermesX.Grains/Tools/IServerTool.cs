using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace HermesX.Grains.Tools;

/// <summary>Who a tool runs for. Tools reach tenant data only through stores scoped by <see cref="TenantId"/>.</summary>
/// <summary>Whose turn a tool runs in; <see cref="TraceId"/> is the request's, for the receipt.</summary>
public sealed record ToolContext(string TenantId, string SessionId, string UserId, string? TraceId = null);

/// <summary>
/// A tool that runs inside the service, in the session's agent loop. Adding one is a single class
/// registered with <c>AddServerTool&lt;T&gt;()</c>.
/// </summary>
public interface IServerTool
{
    string Name { get; }

    string Description { get; }

    /// <summary>JSON Schema of the arguments object (built with <see cref="ToolSchema.Of"/>).</summary>
    JsonElement ParametersSchema { get; }

    /// <summary>How long one run may take before it ends as a timeout.</summary>
    TimeSpan Timeout => ToolRunner.Timeout;

    /// <summary>The <c>tool_name</c> label of the tool metrics: the name, unless a caller chooses it (which would let requests grow the label set).</summary>
    string MetricName => Name;

    /// <summary>Runs the tool; throws <see cref="ToolInputException"/> for bad arguments.</summary>
    Task<string> RunAsync(ToolContext context, JsonElement arguments, CancellationToken ct);
}

/// <summary>Tools that exist for one tenant only (its MCP servers'), found once per turn.</summary>
public interface ITenantToolSource
{
    /// <summary>The tenant's tools now; completes at once, allocating nothing, for a tenant that has none.</summary>
    ValueTask<IReadOnlyList<IServerTool>> ToolsAsync(string tenantId, CancellationToken ct);

    /// <summary>The tenant's tools changed (a server registered or removed): forget this silo's copy.</summary>
    void Forget(string tenantId);
}

/// <summary>A server tool's argument schema, built by <see cref="AIFunctionFactory"/> from a signature instead of written by hand.</summary>
public static class ToolSchema
{
    /// <summary>Enums are their snake_case names, as the model writes them.</summary>
    private static readonly AIFunctionFactoryOptions Options = new()
    {
        SerializerOptions = SnakeCaseEnums(),
    };

    private static JsonSerializerOptions SnakeCaseEnums()
    {
        var options = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions);
        // First, ahead of the default options' own enum converter, which keeps the C# names.
        options.Converters.Insert(0, new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// The schema of <paramref name="signature"/>'s parameters: their names, types, <c>[Description]</c>s,
    /// and which are required (those without a default). The delegate is never called.
    /// </summary>
    public static JsonElement Of(Delegate signature) => AIFunctionFactory.Create(signature, Options).JsonSchema;
}

/// <summary>The model passed arguments the tool cannot use; the message goes back to the model.</summary>
public sealed class ToolInputException(string message) : Exception(message);

public static class ToolArgs
{
    public static string RequiredString(JsonElement args, string name) =>
        args.ValueKind == JsonValueKind.Object && args.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s
            : throw new ToolInputException($"argument '{name}' (string) is required");

    public static string? OptionalString(JsonElement args, string name) =>
        args.ValueKind == JsonValueKind.Object && args.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
