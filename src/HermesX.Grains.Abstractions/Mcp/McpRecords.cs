namespace HermesX.Grains.Abstractions.Mcp;

/// <summary>One tool a server listed, as last seen.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.McpToolInfo")]
public sealed record McpToolInfo([property: Id(0)] string Name, [property: Id(1)] string? Description);

/// <summary>
/// A tenant's MCP server as listed: never its credentials, only the names of the headers it sends and
/// whether a bearer token is stored. <see cref="Tools"/> and <see cref="Health"/> are from the last contact.
/// </summary>
[GenerateSerializer, Immutable, Alias("hermesx.McpServer")]
public sealed record McpServer(
    [property: Id(0)] string Id,
    [property: Id(1)] string Label,
    [property: Id(2)] string Url,
    [property: Id(3)] IReadOnlyList<string>? AllowedTools,
    [property: Id(4)] string RequireApproval,
    [property: Id(5)] IReadOnlyList<string> HeaderNames,
    [property: Id(6)] bool HasBearerToken,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] IReadOnlyList<McpToolInfo>? Tools,
    [property: Id(9)] string Health,
    [property: Id(10)] string? HealthError,
    [property: Id(11)] DateTimeOffset? CheckedAt);

/// <summary>What a tenant admin asks to register; <see cref="Headers"/> and <see cref="BearerToken"/> are stored encrypted.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.McpServerSpec")]
public sealed record McpServerSpec(
    [property: Id(0)] string Label,
    [property: Id(1)] string Url,
    [property: Id(2)] IReadOnlyDictionary<string, string>? Headers,
    [property: Id(3)] string? BearerToken,
    [property: Id(4)] IReadOnlyList<string>? AllowedTools,
    [property: Id(5)] string RequireApproval);

/// <summary>The registered server, or why it was refused (the field named, nothing stored).</summary>
[GenerateSerializer, Immutable, Alias("hermesx.McpRegistration")]
public sealed record McpRegistration([property: Id(0)] McpServer? Server, [property: Id(1)] string? Refusal, [property: Id(2)] string? Field);

/// <summary>Health of a server's last contact.</summary>
public static class McpHealth
{
    public const string Unknown = "unknown";
    public const string Ok = "ok";
    public const string Error = "error";
}

/// <summary>Reads of a tenant's MCP servers, for listings.</summary>
public interface IMcpQueries
{
    Task<List<McpServer>> ListAsync(string tenantId, CancellationToken ct = default);
}

/// <summary>The one writer of a tenant's MCP servers (key: tenant id).</summary>
[Alias("hermesx.ITenantMcpGrain")]
public interface ITenantMcpGrain : IGrainWithStringKey
{
    /// <summary>Registers a server after checking its URL (scheme and every address its host resolves to) and its label.</summary>
    [Alias("Create")]
    Task<McpRegistration> CreateAsync(McpServerSpec spec);

    /// <summary>Asks the server for its tools now and records them and its health; the server as listed, or null when the tenant has no such server.</summary>
    [Alias("Refresh")]
    Task<McpServer?> RefreshAsync(string serverId);

    /// <summary>Removes the server; false when the tenant has no such server.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(string serverId);
}
