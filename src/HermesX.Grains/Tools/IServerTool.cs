using System.Text.Json;

namespace HermesX.Grains.Tools;

/// <summary>Who a tool runs for. Tools reach tenant data only through stores scoped by <see cref="TenantId"/>.</summary>
public sealed record ToolContext(string TenantId, string SessionId, string UserId);

/// <summary>
/// A tool that runs inside the service, in the session's agent loop. Adding one is a single class
/// registered with <c>AddServerTool&lt;T&gt;()</c>.
/// </summary>
public interface IServerTool
{
    string Name { get; }

    string Description { get; }

    /// <summary>JSON Schema of the arguments object.</summary>
    string ParametersSchema { get; }

    /// <summary>Runs the tool; throws <see cref="ToolInputException"/> for bad arguments.</summary>
    Task<string> RunAsync(ToolContext context, JsonElement arguments, CancellationToken ct);
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
