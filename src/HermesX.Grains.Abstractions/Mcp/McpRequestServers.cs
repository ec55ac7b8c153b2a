namespace HermesX.Grains.Abstractions.Mcp;

/// <summary>
/// An MCP server a Responses request names for its own turn (<c>tools: [{"type":"mcp", …}]</c>): never stored,
/// its <see cref="Headers"/> sent to it and to nothing else. <see cref="Index"/> is its place in the request's
/// <c>tools</c>, so a refusal names the field.
/// </summary>
[GenerateSerializer, Immutable, Alias("hermesx.McpRequestServer")]
public sealed record McpRequestServer(
    [property: Id(0)] int Index,
    [property: Id(1)] string Label,
    [property: Id(2)] string Url,
    [property: Id(3)] IReadOnlyList<string>? AllowedTools,
    [property: Id(4)] IReadOnlyDictionary<string, string>? Headers,
    [property: Id(5)] string RequireApproval = McpApprovalPolicy.Never)
{
    /// <summary>Without the header values: a record's generated text would print them wherever the request is logged.</summary>
    public override string ToString() =>
        $"McpRequestServer {{ Index = {Index}, Label = {Label}, Headers = [{string.Join(", ", Headers?.Keys ?? [])}] }}";
}

/// <summary>Why a request's MCP server cannot be used: the message and the request field it concerns.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.McpRequestRefusal")]
public sealed record McpRequestRefusal([property: Id(0)] string Message, [property: Id(1)] string Param);

/// <summary>
/// Checks a request's MCP servers before its turn is started (key: tenant id; a stateless worker, so the check runs
/// on the silo that took the request): each URL against the outbound guard, each label against the tenant's servers.
/// </summary>
[Alias("hermesx.IMcpRequestGrain")]
public interface IMcpRequestGrain : IGrainWithStringKey
{
    /// <summary>The first refusal, or null when every server may be used.</summary>
    [Alias("Check")]
    Task<McpRequestRefusal?> CheckAsync(IReadOnlyList<McpRequestServer> servers);
}
