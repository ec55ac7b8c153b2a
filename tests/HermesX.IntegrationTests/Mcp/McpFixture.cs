using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using HermesX.IntegrationTests.Chat;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Mcp;

/// <summary>
/// One silo allowed to call loopback (HERMES_OUTBOUND_ALLOW_PRIVATE=true) with a short MCP timeout and a small
/// output cap, taking requests' own MCP servers (HERMES_MCP_REQUEST_SERVERS=true), and the MCP servers the tests call: the C# SDK's (friendly and hostile tools), the TypeScript
/// SDK's, one listing 10,000 tools, and a hand-written one answering malformed JSON-RPC.
/// </summary>
public sealed class McpFixture : IAsyncLifetime
{
    public const int TimeoutSeconds = 3;
    public const int MaxOutputChars = 2000;
    public const string SecretKey = "test-mcp-secret-key-0123456789abcdef";

    public ChatCluster Chat { get; private set; } = null!;

    public McpTestHost Friendly { get; private set; } = null!;

    public McpTestHost Hostile { get; private set; } = null!;

    public McpTestHost Many { get; private set; } = null!;

    public McpTestHost Malformed { get; private set; } = null!;

    public NodeMcpServer Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Friendly = await McpTestHost.StartMcpAsync(m => m.WithTools<FriendlyTools>());
        Hostile = await McpTestHost.StartMcpAsync(m => m.WithTools<HostileTools>());
        Many = await McpTestHost.StartMcpAsync(m => m.WithManyTools());
        Malformed = await McpTestHost.StartRawAsync(MalformedMcpServer.Map);
        Node = await NodeMcpServer.StartAsync();
        Chat = await ChatCluster.StartAsync(1, new Dictionary<string, string>
        {
            ["HERMES_OUTBOUND_ALLOW_PRIVATE"] = "true",
            ["HERMES_MCP_SECRET_KEY"] = SecretKey,
            ["HERMES_MCP_TIMEOUT_SECONDS"] = TimeoutSeconds.ToString(),
            ["HERMES_MCP_MAX_OUTPUT_CHARS"] = MaxOutputChars.ToString(),
            ["HERMES_MCP_REQUEST_SERVERS"] = "true",
        });
    }

    /// <summary>A name no other test uses: <paramref name="prefix"/> and ten random hex digits.</summary>
    public static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A new tenant and an admin key of it.</summary>
    public Task<(string Tenant, string Key)> TenantAsync() => Chat.TenantWithKeyAsync("admin");

    /// <summary>Registers a server; returns its listing.</summary>
    public static async Task<JsonElement> RegisterAsync(HttpClient http, string label, string url, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["server_label"] = label, ["server_url"] = url };
        foreach (var p in JsonSerializer.SerializeToElement(extra ?? new { }).EnumerateObject())
        {
            body[p.Name] = p.Value;
        }
        return await (await http.PostAsJsonAsync("/v1/mcp/servers", body)).ExpectJsonAsync(HttpStatusCode.Created);
    }

    public static async Task<List<JsonElement>> ListAsync(HttpClient http) =>
        [.. (await (await http.GetAsync("/v1/mcp/servers")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray()];

    /// <summary>The names of the tools HermesX offered the model in the request that carried <paramref name="marker"/>.</summary>
    public List<string> ToolsOffered(string marker)
    {
        var request = Chat.Llm.Requests.First(r => r.Body.Contains(marker, StringComparison.Ordinal));
        return [.. JsonDocument.Parse(request.Body).RootElement.GetProperty("tools").EnumerateArray()
            .Select(t => t.GetProperty("function").GetProperty("name").GetString()!)];
    }

    /// <summary>The tool message the model was sent back for <paramref name="callId"/>.</summary>
    public string ToolResultSent(string callId)
    {
        foreach (var request in Chat.Llm.Requests)
        {
            foreach (var m in JsonDocument.Parse(request.Body).RootElement.GetProperty("messages").EnumerateArray())
            {
                if (m.GetProperty("role").GetString() == "tool" && m.GetProperty("tool_call_id").GetString() == callId)
                {
                    return m.GetProperty("content").GetString()!;
                }
            }
        }
        throw new InvalidOperationException($"no tool result for {callId} was sent to the model");
    }

    public async Task DisposeAsync()
    {
        await Chat.DisposeAsync();
        await Friendly.DisposeAsync();
        await Hostile.DisposeAsync();
        await Many.DisposeAsync();
        await Malformed.DisposeAsync();
        await Node.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class McpCollection : ICollectionFixture<McpFixture>
{
    public const string Name = "mcp";
}
