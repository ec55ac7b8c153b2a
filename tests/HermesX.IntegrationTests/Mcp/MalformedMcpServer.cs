using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HermesX.IntegrationTests.Mcp;

/// <summary>
/// A hand-written Streamable HTTP endpoint that initializes and lists one tool, "broken", correctly, then
/// answers its call with a JSON-RPC message that is not JSON-RPC (a result whose content is not a list); any other
/// request (the client's discovery probe) is "method not found".
/// </summary>
public static class MalformedMcpServer
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/mcp", () => Results.StatusCode(StatusCodes.Status405MethodNotAllowed));
        app.MapPost("/mcp", async (HttpRequest request, CallLog calls) =>
        {
            var message = await JsonDocument.ParseAsync(request.Body);
            var root = message.RootElement;
            if (!root.TryGetProperty("id", out var id))
            {
                return Results.Accepted();
            }
            var method = root.GetProperty("method").GetString();
            var idJson = id.GetRawText();
            var body = method switch
            {
                "initialize" => Initialize(idJson, root.GetProperty("params").GetProperty("protocolVersion").GetString()!),
                "tools/list" => $$$"""{"jsonrpc":"2.0","id":{{{idJson}}},"result":{"tools":[{"name":"broken","inputSchema":{"type":"object"}}]}}""",
                "tools/call" => Malformed(calls, idJson),
                _ => "{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}",
            };
            return Results.Text(body, "application/json");
        });
    }

    private static string Initialize(string idJson, string version) =>
        "{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"result\":{\"protocolVersion\":\"" + version
        + "\",\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"malformed\",\"version\":\"1\"}}}";

    private static string Malformed(CallLog calls, string idJson)
    {
        calls.Add("broken");
        return $$$"""{"jsonrpc":"2.0","id":{{{idJson}}},"result":{"content":"this should be a list","isError":"maybe"}}""";
    }
}
