using System.Text.Json;
using System.Text.RegularExpressions;
using HermesX.Frontend.Validation;
using HermesX.Grains.Abstractions.Mcp;

namespace HermesX.Frontend.Mcp;

/// <summary>
/// Body of POST /v1/mcp/servers, in the field names of OpenAI's <c>mcp</c> tool: <c>server_label</c>,
/// <c>server_url</c>, <c>headers</c>, <c>allowed_tools</c>, <c>require_approval</c>; plus <c>bearer_token</c>
/// (sent as <c>Authorization: Bearer …</c>). Headers and the token are stored encrypted and never returned.
/// </summary>
public sealed partial record CreateMcpServerRequest(
    string? ServerLabel, string? ServerUrl, Dictionary<string, string>? Headers, string? BearerToken, string[]? AllowedTools,
    JsonElement? RequireApproval, string? TenantId) : IValidatable
{
    public const int MaxUrlLength = 2048;
    public const int MaxLabelLength = 32;
    public const int MaxHeaders = 20;
    public const int MaxHeaderValueLength = 4096;

    public IEnumerable<(string Field, string Message)> Validate()
    {
        foreach (var p in Check.Text("server_url", ServerUrl, MaxUrlLength, required: true))
        {
            yield return p;
        }
        if (!IsValidLabel(ServerLabel))
        {
            yield return ("server_label", $"'server_label' is required: {LabelRule}");
        }
        if (Headers is { Count: > MaxHeaders })
        {
            yield return ("headers", $"'headers' may name at most {MaxHeaders} headers");
        }
        foreach (var (name, value) in Headers ?? [])
        {
            if (!IsValidHeaderName(name) || name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) && BearerToken is not null)
            {
                yield return ("headers", $"'headers' has an invalid header name '{name}' (or Authorization beside 'bearer_token')");
            }
            else if (!IsValidHeaderValue(value))
            {
                yield return ("headers", $"'headers.{name}' must be a text of at most {MaxHeaderValueLength} characters without control characters");
            }
        }
        if (BearerToken is { } token && (token.Length is 0 or > MaxHeaderValueLength || token.Any(c => char.IsControl(c) || c == ' ')))
        {
            yield return ("bearer_token", $"'bearer_token' must be 1 to {MaxHeaderValueLength} characters without spaces or control characters");
        }
        if (AllowedTools is { } tools && (tools.Length > 1000 || tools.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > 64)))
        {
            yield return ("allowed_tools", "'allowed_tools' must list at most 1000 tool names of 1 to 64 characters");
        }
        if (McpApproval.Read(RequireApproval) is null)
        {
            yield return ("require_approval", McpApproval.Refusal);
        }
    }

    public McpServerSpec ToSpec() => new(ServerLabel!, ServerUrl!.Trim(), Headers, BearerToken, AllowedTools?.Distinct(StringComparer.Ordinal).ToList(),
        McpApproval.Read(RequireApproval)!);

    public const string LabelRule = "1 to 32 letters, digits, '_' or '-', starting with a letter, without '__'";

    /// <summary>A label a tool name can start with (<c>{label}__{tool}</c>), the same for a tenant's servers and a request's.</summary>
    public static bool IsValidLabel(string? label) => label is not null && Label().IsMatch(label) && !label.Contains("__", StringComparison.Ordinal);

    /// <summary>An HTTP header name (RFC 9110 token) of at most 100 characters.</summary>
    public static bool IsValidHeaderName(string name) => HeaderName().IsMatch(name);

    /// <summary>A header value HermesX sends: at most <see cref="MaxHeaderValueLength"/> characters, no control characters.</summary>
    public static bool IsValidHeaderValue(string? value) => value is not null && value.Length <= MaxHeaderValueLength && !value.Any(char.IsControl);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,31}$")]
    private static partial Regex Label();

    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$")]
    private static partial Regex HeaderName();
}

/// <summary>
/// <c>require_approval</c> in OpenAI's shapes: <c>"always"</c>, <c>"never"</c> (the default when absent), or
/// <c>{"always":{"tool_names":[…]},"never":{"tool_names":[…]}}</c> (<see cref="McpApprovalPolicy"/> says how each applies).
/// </summary>
public static class McpApproval
{
    public const string Refusal = "'require_approval' must be \"always\", \"never\" or {\"always\":{\"tool_names\":[...]},\"never\":{\"tool_names\":[...]}} "
        + "(each optional, at most 1000 names of 1 to 64 characters, no name under both)";

    /// <summary>The policy as stored (a name, or the filter object's compact JSON), or null when the value is not one.</summary>
    public static string? Read(JsonElement? value)
    {
        if (value is not { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } v)
        {
            return McpApprovalPolicy.Never;
        }
        if (v.ValueKind == JsonValueKind.String)
        {
            return v.GetString() is McpApprovalPolicy.Always or McpApprovalPolicy.Never ? v.GetString() : null;
        }
        if (v.ValueKind != JsonValueKind.Object || v.EnumerateObject().Any(p => p.Name is not (McpApprovalPolicy.Always or McpApprovalPolicy.Never)
            || p.Value.ValueKind != JsonValueKind.Object || p.Value.EnumerateObject().Any(f => f.Name != "tool_names" || !Names(f.Value))))
        {
            return null;
        }
        var always = McpApprovalPolicy.Names(v, McpApprovalPolicy.Always);
        var never = McpApprovalPolicy.Names(v, McpApprovalPolicy.Never);
        if (always.Intersect(never, StringComparer.Ordinal).Any())
        {
            return null;
        }
        return JsonSerializer.Serialize(new Dictionary<string, Dictionary<string, string[]>>
        {
            [McpApprovalPolicy.Always] = new() { ["tool_names"] = [.. always.Distinct(StringComparer.Ordinal)] },
            [McpApprovalPolicy.Never] = new() { ["tool_names"] = [.. never.Distinct(StringComparer.Ordinal)] },
        });
    }

    /// <summary>The stored policy as the API shows it: the name, or the filter object.</summary>
    public static JsonElement Show(string stored) =>
        stored.StartsWith('{') ? JsonDocument.Parse(stored).RootElement.Clone() : JsonSerializer.SerializeToElement(stored);

    private static bool Names(JsonElement names) =>
        names.ValueKind == JsonValueKind.Array && names.GetArrayLength() <= 1000
        && names.EnumerateArray().All(n => n.ValueKind == JsonValueKind.String && n.GetString() is { Length: > 0 and <= 64 });
}

/// <summary>A server as listed: never its credentials (only the names of its headers, and whether a bearer token is stored).</summary>
public sealed record McpServerResponse(
    string Id, string Object, string ServerLabel, string ServerUrl, IReadOnlyList<string>? AllowedTools, JsonElement RequireApproval,
    IReadOnlyList<string> HeaderNames, bool HasBearerToken, IReadOnlyList<McpToolInfo>? Tools, string Health, string? HealthError,
    DateTimeOffset? CheckedAt, DateTimeOffset CreatedAt)
{
    public static McpServerResponse From(McpServer s) => new(s.Id, "mcp_server", s.Label, s.Url, s.AllowedTools, McpApproval.Show(s.RequireApproval), s.HeaderNames,
        s.HasBearerToken, s.Tools, s.Health, s.HealthError, s.CheckedAt, s.CreatedAt);
}
