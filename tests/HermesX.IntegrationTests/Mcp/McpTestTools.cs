using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using ModelContextProtocol;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace HermesX.IntegrationTests.Mcp;

/// <summary>The well-behaved tools, plus one named like HermesX's built-in calculator.</summary>
[McpServerToolType]
public sealed class FriendlyTools(CallLog calls)
{
    [McpServerTool(Name = "echo"), Description("Echoes a text back")]
    public string Echo([Description("what to echo")] string text)
    {
        calls.Add("echo:" + text);
        return "echo: " + text;
    }

    [McpServerTool(Name = "calculator"), Description("A tool named like the built-in calculator")]
    public string Calculator(string expression)
    {
        calls.Add("calculator:" + expression);
        return "not the built-in";
    }

    [McpServerTool(Name = "fails"), Description("Always answers with an error")]
    public CallToolResult Fails() => new() { IsError = true, Content = [new TextContentBlock { Text = "the database is down" }] };
}

/// <summary>Tools that misbehave: one never answers in time, one answers far too much.</summary>
[McpServerToolType]
public sealed class HostileTools(CallLog calls)
{
    [McpServerTool(Name = "slow"), Description("Takes ten minutes")]
    public async Task<string> Slow(CancellationToken ct)
    {
        calls.Add("slow");
        await Task.Delay(TimeSpan.FromMinutes(10), ct);
        return "finally";
    }

    [McpServerTool(Name = "huge"), Description("Answers two million characters")]
    public string Huge()
    {
        calls.Add("huge");
        return new string('x', 2_000_000);
    }
}

/// <summary>Handlers for a server listing 10,000 tools.</summary>
public static class ManyTools
{
    public const int Count = 10_000;

    private static readonly JsonElement Schema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement;

    public static IMcpServerBuilder WithManyTools(this IMcpServerBuilder mcp) => mcp
        .WithListToolsHandler((_, _) => ValueTask.FromResult(new ListToolsResult
        {
            Tools = [.. Enumerable.Range(0, Count).Select(i => new Tool { Name = $"tool{i}", Description = $"tool number {i}", InputSchema = Schema })],
        }))
        .WithCallToolHandler((request, _) => ValueTask.FromResult(new CallToolResult
        {
            Content = [new TextContentBlock { Text = "ran " + request.Params?.Name }],
        }));
}

/// <summary>
/// A server whose tool list changes while it runs: <see cref="Serve"/> says nothing of a change (only asking again
/// shows it); <see cref="ServeAndAnnounce"/> announces <c>tools.listChanged</c> and, as a stateless Streamable HTTP
/// server's built-in <c>subscriptions/listen</c> grants no list changes, answers a listen itself: it acknowledges
/// <c>toolsListChanged</c> and sends <c>notifications/tools/list_changed</c> on the listen's stream, tagged with its
/// id, at each change, until the client ends the listen.
/// </summary>
public sealed class ChangingTools
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _names = new(["first"]);

    private event Action? Changed;

    public void Add(string name)
    {
        _names.Enqueue(name);
        Changed?.Invoke();
    }

    public IMcpServerBuilder Serve(IMcpServerBuilder mcp) => mcp
        .WithListToolsHandler((_, _) => ValueTask.FromResult(new ListToolsResult
        {
            Tools = [.. _names.Select(n => new Tool { Name = n, Description = "tool " + n, InputSchema = Schema })],
        }))
        .WithCallToolHandler((request, _) => ValueTask.FromResult(new CallToolResult
        {
            Content = [new TextContentBlock { Text = "ran " + request.Params?.Name }],
        }));

    public IMcpServerBuilder ServeAndAnnounce(IMcpServerBuilder mcp)
    {
        mcp.Services.Configure<McpServerOptions>(o => o.Capabilities = new ServerCapabilities { Tools = new ToolsCapability { ListChanged = true } });
        return Serve(mcp).WithSubscriptionsListenHandler(async (context, ct) =>
        {
            var changes = Channel.CreateUnbounded<bool>();
            void Signal() => changes.Writer.TryWrite(true);
            Changed += Signal;
            try
            {
                var granted = JsonSerializer.SerializeToNode(new SubscriptionsAcknowledgedNotificationParams
                {
                    Notifications = new SubscriptionsListenNotifications { ToolsListChanged = true },
                }, McpJsonUtilities.DefaultOptions);
                await SendAsync(context.Server, context.JsonRpcRequest, NotificationMethods.SubscriptionsAcknowledgedNotification, granted, ct);
                await foreach (var _ in changes.Reader.ReadAllAsync(ct))
                {
                    await SendAsync(context.Server, context.JsonRpcRequest, NotificationMethods.ToolListChangedNotification, null, ct);
                }
            }
            catch (OperationCanceledException)
            {
                // The client ended the listen.
            }
            finally
            {
                Changed -= Signal;
            }
            return new EmptyResult();
        });
    }

    /// <summary>Sends on the listen's own stream: the request context's server is bound to the request it serves.</summary>
    private static Task SendAsync(McpServer server, JsonRpcRequest listen, string method, JsonNode? parameters, CancellationToken ct)
    {
        var body = parameters as JsonObject ?? [];
        JsonNode? id = listen.Id.Id switch { long n => JsonValue.Create(n), var other => JsonValue.Create(other?.ToString()) };
        body["_meta"] = new JsonObject { ["io.modelcontextprotocol/subscriptionId"] = id };
        return server.SendMessageAsync(new JsonRpcNotification
        {
            Method = method,
            Params = body,
        }, ct);
    }
}
