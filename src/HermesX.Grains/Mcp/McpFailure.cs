using HermesX.Grains.Outbound;
using ModelContextProtocol;

namespace HermesX.Grains.Mcp;

/// <summary>Failures of an MCP server in words for the model and the GET listing: what went wrong, never a credential.</summary>
public static class McpFailure
{
    public const int MaxChars = 500;

    public static string Describe(Exception e, TimeSpan timeout)
    {
        var text = e switch
        {
            OperationCanceledException => $"no answer within {timeout.TotalSeconds:0} s",
            OutboundRefusedException or McpCredentialsException => e.Message,
            HttpRequestException h when h.StatusCode is { } status => $"HTTP {(int)status}",
            HttpRequestException h => "connection failed: " + h.Message,
            McpProtocolException p => $"protocol error ({p.ErrorCode}): {p.Message}",
            McpException m => "MCP error: " + m.Message,
            System.Text.Json.JsonException j => "malformed answer (not JSON-RPC): " + j.Message,
            _ => "malformed or failed answer: " + e.GetType().Name,
        };
        return text.Length <= MaxChars ? text : text[..MaxChars];
    }
}
