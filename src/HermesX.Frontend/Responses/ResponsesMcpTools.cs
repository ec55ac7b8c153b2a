using System.Text.Json;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Mcp;
using HermesX.Frontend.Wire;
using HermesX.Grains.Abstractions;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Abstractions.Mcp;

namespace HermesX.Frontend.Responses;

/// <summary>
/// The one place a request's <c>mcp</c> tools are judged: each field read here (<see cref="Read"/>), then, once the caller
/// is known, the platform's setting, background runs and the checks only a silo can make (<see cref="RefusalAsync"/>).
/// </summary>
public static class ResponsesMcpTools
{
    public const int MaxServers = 10;
    public const int MaxAllowedTools = 1000;
    private const string Never = McpApprovalPolicy.Never;

    /// <summary>A request's server and what the response echoes of it: never its header values.</summary>
    public static (McpRequestServer Server, object Echo) Read(ResponsesMcpTool tool, int index, string param)
    {
        if (!CreateMcpServerRequest.IsValidLabel(tool.ServerLabel))
        {
            throw new ChatRequestException($"{param}.server_label is required: {CreateMcpServerRequest.LabelRule}", param + ".server_label");
        }
        var url = tool.ServerUrl?.Trim();
        if (url is not { Length: > 0 and <= CreateMcpServerRequest.MaxUrlLength } || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https") || uri.UserInfo.Length > 0)
        {
            throw new ChatRequestException($"{param}.server_url is required: an http(s) URL of at most {CreateMcpServerRequest.MaxUrlLength} characters, " +
                "without user info (send credentials in 'headers')", param + ".server_url");
        }
        var allowed = AllowedTools(tool.AllowedTools, param + ".allowed_tools");
        var approval = McpApproval.Read(tool.RequireApproval)
            ?? throw new ChatRequestException($"{param}.require_approval: {McpApproval.Refusal}", param + ".require_approval");
        var headers = Headers(tool.Headers, param + ".headers");
        var echo = new
        {
            type = "mcp", server_label = tool.ServerLabel, server_url = url, allowed_tools = tool.AllowedTools, headers = (object?)null,
            require_approval = tool.RequireApproval ?? JsonSerializer.SerializeToElement(Never),
        };
        return (new McpRequestServer(index, tool.ServerLabel!, url, allowed, headers, approval), echo);
    }

    /// <summary>A function tool named like a server's tools (<c>{label}__…</c>) would be confused with them.</summary>
    public static void EnsureNoClash(IReadOnlyList<McpRequestServer> servers, IReadOnlyList<(string Name, string Param)> functions)
    {
        if (servers.Count > MaxServers)
        {
            throw new ChatRequestException($"'tools' may name at most {MaxServers} MCP servers", $"tools[{servers[MaxServers].Index}]");
        }
        foreach (var server in servers)
        {
            if (servers.First(s => s.Label == server.Label) != server)
            {
                throw new ChatRequestException($"tools[{server.Index}].server_label '{server.Label}' names two MCP servers", $"tools[{server.Index}].server_label");
            }
            if (functions.FirstOrDefault(f => f.Name.StartsWith(server.Label + "__", StringComparison.Ordinal)) is { Name: not null } clash)
            {
                throw new ChatRequestException($"{clash.Param}.name '{clash.Name}' is named like the tools of MCP server '{server.Label}' ({server.Label}__…)",
                    clash.Param + ".name");
            }
        }
    }

    /// <summary>Why the request's servers cannot be used now: the platform's setting, a background run's stored request, or a silo's check.</summary>
    public static async Task<ApiErrorResult?> RefusalAsync(IReadOnlyList<McpRequestServer> servers, bool background, McpOptions options,
        IGrainFactory grains, string tenantId)
    {
        if (servers.Count == 0)
        {
            return null;
        }
        if (!options.RequestServers)
        {
            return ApiError.BadRequest($"tools[{servers[0].Index}]: tool type 'mcp' is turned off on this platform (HERMES_MCP_REQUEST_SERVERS); " +
                "a tenant admin can register the server with POST /v1/mcp/servers instead", $"tools[{servers[0].Index}].type");
        }
        if (background && servers.FirstOrDefault(s => s.Headers is { Count: > 0 }) is { } withHeaders)
        {
            // A background run's request is stored until it ends; header values are never stored in plain text.
            return ApiError.BadRequest($"tools[{withHeaders.Index}].headers cannot be sent with 'background': true: a background run's request is stored, " +
                "and per-request MCP headers are never stored", $"tools[{withHeaders.Index}].headers");
        }
        return await grains.GetGrain<IMcpRequestGrain>(tenantId).CheckAsync(servers) is { } refusal
            ? ApiError.BadRequest(refusal.Message, refusal.Param)
            : null;
    }

    /// <summary>An array of names or OpenAI's filter <c>{"tool_names":[…]}</c>; null offers every tool.</summary>
    private static List<string>? AllowedTools(JsonElement? value, string param)
    {
        if (value is not { ValueKind: not JsonValueKind.Null } json)
        {
            return null;
        }
        var names = json.ValueKind == JsonValueKind.Object ? Filter(json, param) : json;
        return Names(names, param) ?? throw new ChatRequestException(
            $"{param} must be an array of tool names (1 to 64 characters, at most {MaxAllowedTools}) or {{\"tool_names\":[…]}}", param);
    }

    /// <summary>The <c>tool_names</c> of a filter; its <c>read_only</c> would need tool annotations HermesX does not judge.</summary>
    private static JsonElement Filter(JsonElement filter, string param)
    {
        foreach (var p in filter.EnumerateObject())
        {
            if (p.Name != "tool_names")
            {
                throw new ChatRequestException($"{param}.{p.Name} is not supported: filter tools by 'tool_names'", $"{param}.{p.Name}");
            }
        }
        return filter.TryGetProperty("tool_names", out var names) ? names : default;
    }

    private static List<string>? Names(JsonElement names, string param)
    {
        if (names.ValueKind != JsonValueKind.Array || names.GetArrayLength() > MaxAllowedTools)
        {
            return null;
        }
        var list = new List<string>();
        foreach (var name in names.EnumerateArray())
        {
            if (name.ValueKind != JsonValueKind.String || name.GetString() is not { Length: > 0 and <= 64 } text)
            {
                return null;
            }
            list.Add(text);
        }
        return [.. list.Distinct(StringComparer.Ordinal)];
    }

    private static Dictionary<string, string>? Headers(IReadOnlyDictionary<string, string?>? headers, string param)
    {
        if (headers is null)
        {
            return null;
        }
        if (headers.Count > CreateMcpServerRequest.MaxHeaders)
        {
            throw new ChatRequestException($"{param} may name at most {CreateMcpServerRequest.MaxHeaders} headers", param);
        }
        var sent = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            // The message names the header, never its value.
            if (!CreateMcpServerRequest.IsValidHeaderName(name) || !sent.TryAdd(name, value ?? ""))
            {
                throw new ChatRequestException($"{param} has an invalid or repeated header name", param);
            }
            if (!CreateMcpServerRequest.IsValidHeaderValue(value))
            {
                throw new ChatRequestException($"{param}.{name} must be a text of at most {CreateMcpServerRequest.MaxHeaderValueLength} characters without control characters",
                    $"{param}.{name}");
            }
        }
        return sent;
    }
}
