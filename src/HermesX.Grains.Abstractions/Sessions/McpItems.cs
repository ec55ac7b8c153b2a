namespace HermesX.Grains.Abstractions.Sessions;

/// <summary>Kinds of <see cref="McpItem"/>, named as the Responses API's output items.</summary>
public static class McpItemTypes
{
    public const string ListTools = "mcp_list_tools";
    public const string Call = "mcp_call";

    /// <summary><see cref="McpItem.ErrorKind"/>: the server answered the call with an error.</summary>
    public const string ToolExecutionError = "mcp_tool_execution_error";

    /// <summary><see cref="McpItem.ErrorKind"/>: no answer in time, a broken or a malformed one.</summary>
    public const string ProtocolError = "mcp_protocol_error";
}

/// <summary>
/// What a turn did with a request's MCP server, kept in its <see cref="TurnResult"/> so the response shows it:
/// the tools it listed (<see cref="McpItemTypes.ListTools"/>; <see cref="Error"/> when it could not list them), or one
/// call (<see cref="McpItemTypes.Call"/>: the tool's own <see cref="Name"/>, its arguments, and its output or error).
/// A failed call's <see cref="ErrorKind"/> is <see cref="McpItemTypes.ToolExecutionError"/> or <see cref="McpItemTypes.ProtocolError"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("hermesx.McpItem")]
public sealed record McpItem(
    [property: Id(0)] string Type,
    [property: Id(1)] string Id,
    [property: Id(2)] string ServerLabel,
    [property: Id(3)] IReadOnlyList<McpListedTool>? Tools = null,
    [property: Id(4)] string? Name = null,
    [property: Id(5)] string? ArgumentsJson = null,
    [property: Id(6)] string? Output = null,
    [property: Id(7)] string? Error = null,
    [property: Id(8)] string? ErrorKind = null);

/// <summary>A tool as a request's MCP server listed it (and the model was offered it, under <c>{server_label}__{name}</c>).</summary>
[GenerateSerializer, Immutable, Alias("hermesx.McpListedTool")]
public sealed record McpListedTool(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Description,
    [property: Id(2)] string InputSchemaJson,
    [property: Id(3)] string? AnnotationsJson = null);
