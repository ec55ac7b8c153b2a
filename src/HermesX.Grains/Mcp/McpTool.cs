using System.Diagnostics;
using System.Text;
using System.Text.Json;
using HermesX.Grains.Abstractions.Audit;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Abstractions.Mcp;
using HermesX.Grains.Tools;
using ModelContextProtocol.Protocol;

namespace HermesX.Grains.Mcp;

/// <summary>The server a tool is of, as its audit rows name it: a tenant's (its id) or a request's (its host only: a path or query may hold a key).</summary>
public sealed record McpToolOrigin(string Label, string? ServerId, string? RequestHost, string RequireApproval)
{
    public static McpToolOrigin Tenant(McpServer server) => new(server.Label, server.Id, null, server.RequireApproval);

    /// <summary>A request's server, its calls approved as the request's <c>require_approval</c> says.</summary>
    public static McpToolOrigin Request(string label, string url, string requireApproval) => new(label, null, new Uri(url).Authority, requireApproval);
}

/// <summary>How a tool's call reaches its server: the tenant's cached connection, or the turn's own.</summary>
public delegate Task<CallToolResult> McpCall(ToolContext context, string tool, JsonElement arguments, CancellationToken ct);

/// <summary>
/// One tool of an MCP server (a tenant's or a request's), run like a server tool (receipt, idempotency by tool-call id,
/// <c>hermes_tool_executions_total</c>: <see cref="ToolRunner"/>). Whatever the server does — an error
/// answer, a broken or malformed reply, a refused address — becomes an error the model reads; its
/// answer is cut at HERMES_MCP_MAX_OUTPUT_CHARS. Each call leaves an audit row: server, tool, status, duration.
/// </summary>
public sealed class McpTool(McpToolOrigin origin, McpToolListing listing, McpCall call, McpOptions options, IAuditSink audit)
    : IServerTool, IApprovalGatedTool
{
    public const string AuditAction = "MCP tools/call";

    /// <summary>The start of what the model reads when the server answered with an error (<see cref="CallToolResult.IsError"/>).</summary>
    public static string ErrorAnswerPrefix(string label) => $"MCP server '{label}' answered with an error: ";

    public string Name { get; } = McpToolNames.Qualified(origin.Label, listing.Name);

    /// <summary>The metric label of every per-request server's tool: its label and tool names are the caller's choice.</summary>
    public const string RequestMetricName = "mcp_request";

    public McpToolOrigin Origin => origin;

    public string MetricName => origin.RequestHost is null ? Name : RequestMetricName;

    /// <summary>The tool's own name on its server.</summary>
    public string ToolName => listing.Name;

    public string Description => listing.Description ?? $"{listing.Name} (MCP server '{origin.Label}')";

    public JsonElement ParametersSchema => listing.InputSchema;

    public string ServerLabel => origin.Label;

    /// <summary>The server's <c>require_approval</c> applied to this tool.</summary>
    public bool RequiresApproval { get; } = McpApprovalPolicy.Requires(origin.RequireApproval, listing.Name);

    public TimeSpan Timeout => options.Timeout;

    public async Task<string> RunAsync(ToolContext context, JsonElement arguments, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var status = "error";
        try
        {
            var result = await call(context, listing.Name, arguments, ct);
            var text = Cap(Render(result));
            if (result.IsError == true)
            {
                throw new ToolInputException(ErrorAnswerPrefix(origin.Label) + text);
            }
            status = "success";
            return text;
        }
        catch (OperationCanceledException)
        {
            status = "timeout";
            throw;
        }
        catch (Exception e) when (e is not ToolInputException)
        {
            throw new ToolInputException($"MCP server '{origin.Label}' failed: {McpFailure.Describe(e, options.Timeout)}");
        }
        finally
        {
            await audit.EnqueueAsync(new AuditEntry(context.TenantId, context.UserId, "agent", AuditAction, StatusCode(status),
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, null, context.TraceId, null, null, Detail(context, status)), CancellationToken.None);
        }
    }

    private Dictionary<string, string> Detail(ToolContext context, string status)
    {
        var detail = new Dictionary<string, string>
        {
            ["server_label"] = origin.Label, ["tool"] = listing.Name, ["session_id"] = context.SessionId, ["status"] = status,
        };
        if (origin.ServerId is { } id)
        {
            detail["server_id"] = id;
        }
        if (origin.RequestHost is { } host)
        {
            detail["source"] = "request";
            detail["server_host"] = host;
        }
        return detail;
    }

    private static int StatusCode(string status) => status switch { "success" => 200, "timeout" => 504, _ => 502 };

    /// <summary>The answer as text: text blocks as they are, structured content as JSON, other blocks named.</summary>
    private static string Render(CallToolResult result)
    {
        var text = new StringBuilder();
        foreach (var block in result.Content)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }
            text.Append(block is TextContentBlock t ? t.Text : $"[{block.Type} content]");
        }
        if (text.Length == 0 && result.StructuredContent is { } structured)
        {
            text.Append(structured.ToString());
        }
        return text.ToString();
    }

    private string Cap(string text) =>
        text.Length <= options.MaxOutputChars ? text : text[..options.MaxOutputChars] + $"…[cut at {options.MaxOutputChars} characters]";
}
