using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace HermesX.Grains.Abstractions.Configuration;

/// <summary>
/// Remote MCP tool servers: HERMES_MCP_SECRET_KEY, HERMES_MCP_TIMEOUT_SECONDS, HERMES_MCP_MAX_OUTPUT_CHARS,
/// HERMES_MCP_TOOLS_TTL_SECONDS, HERMES_MCP_MAX_TOOLS_PER_SERVER and HERMES_MCP_REQUEST_SERVERS. Which addresses a server may have is
/// HERMES_OUTBOUND_ALLOW_PRIVATE's (<see cref="WebhookOptions.AllowPrivate"/>), as for webhooks.
/// </summary>
public sealed record McpOptions
{
    /// <summary>
    /// The key a server's headers and bearer token are encrypted with (AES-256-GCM; the key is the SHA-256
    /// of this text, which must be at least 32 characters). Unset: servers with credentials are refused.
    /// </summary>
    [ConfigurationKeyName("HERMES_MCP_SECRET_KEY")]
    public string? SecretKey { get; init; }

    /// <summary>How long one MCP request (connecting, listing tools, one tool call) may take.</summary>
    [ConfigurationKeyName("HERMES_MCP_TIMEOUT_SECONDS"), Range(1, 300)]
    public int TimeoutSeconds { get; init; } = 20;

    /// <summary>The most characters of a tool's answer the model sees; the rest is cut and marked.</summary>
    [ConfigurationKeyName("HERMES_MCP_MAX_OUTPUT_CHARS"), Range(100, 1_000_000)]
    public int MaxOutputChars { get; init; } = 16_000;

    /// <summary>How long a server's tool list is reused before it is asked again (sooner when it says its list changed).</summary>
    [ConfigurationKeyName("HERMES_MCP_TOOLS_TTL_SECONDS"), Range(1, 86_400)]
    public int ToolsTtlSeconds { get; init; } = 300;

    /// <summary>The most tools of one server offered to the model; a longer list is cut (first page only, in the server's order).</summary>
    [ConfigurationKeyName("HERMES_MCP_MAX_TOOLS_PER_SERVER"), Range(1, 1_000)]
    public int MaxToolsPerServer { get; init; } = 64;

    /// <summary>
    /// Whether a Responses request may name its own MCP servers (<c>tools: [{"type":"mcp", …}]</c>). Off by default: such a
    /// server makes the platform call a URL any caller with the execute scope chose, so an operator opts in.
    /// </summary>
    [ConfigurationKeyName("HERMES_MCP_REQUEST_SERVERS")]
    public bool RequestServers { get; init; }

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    public TimeSpan ToolsTtl => TimeSpan.FromSeconds(ToolsTtlSeconds);
}
