using System.Diagnostics;
using System.Text;
using System.Text.Json;
using HermesX.Grains.Abstractions.Audit;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Tools;
using ModelContextProtocol.Protocol;

namespace HermesX.Grains.Mcp;

/// <summary>
/// One tool of a tenant's MCP server, run like a server tool (receipt, idempotency by tool-call id,
/// <c>hermes_tool_executions_total</c>: <see cref="ToolRunner"/>). Whatever the server does — an error
/// answer, a broken or malformed reply, a refused address — becomes an error the model reads; its
/// answer is cut at HERMES_MCP_MAX_OUTPUT_CHARS. Each call leaves an audit row: server, tool, status, duration.
/// </summary>
public sealed class McpTool(McpServerRow row, McpToolListing listing, McpConnections connections, McpOptions options, IAuditSink audit)
    : IServerTool, IApprovalGatedTool
{
    public const string AuditAction = "MCP tools/call";

    public string Name { get; } = McpToolNames.Qualified(row.Server.Label, listing.Name);

    public string Description => listing.Description ?? $"{listing.Name} (MCP server '{row.Server.Label}')";

    public JsonElement ParametersSchema => listing.InputSchema;

    public string ServerLabel => row.Server.Label;

    public string ToolName => listing.Name;

    /// <summary>The server's <c>require_approval</c> applied to this tool.</summary>
    public bool RequiresApproval { get; } = Abstractions.Mcp.McpApprovalPolicy.Requires(row.Server.RequireApproval, listing.Name);

    public TimeSpan Timeout => options.Timeout;

    public async Task<string> RunAsync(ToolContext context, JsonElement arguments, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var status = "error";
        try
        {
            var result = await connections.CallAsync(context.TenantId, row, listing.Name, arguments, ct);
            var text = Cap(Render(result));
            if (result.IsError == true)
            {
                throw new ToolInputException($"MCP server '{row.Server.Label}' answered with an error: {text}");
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
            throw new ToolInputException($"MCP server '{row.Server.Label}' failed: {McpFailure.Describe(e, options.Timeout)}");
        }
        finally
        {
            await audit.EnqueueAsync(new AuditEntry(context.TenantId, context.UserId, "agent", AuditAction, StatusCode(status),
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, null, context.TraceId, null, null,
                new Dictionary<string, string>
                {
                    ["server_id"] = row.Server.Id, ["server_label"] = row.Server.Label, ["tool"] = listing.Name,
                    ["session_id"] = context.SessionId, ["status"] = status,
                }), CancellationToken.None);
        }
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
