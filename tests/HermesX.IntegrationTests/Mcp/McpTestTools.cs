using System.ComponentModel;
using System.Text.Json;
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

/// <summary>A server whose tool list changes without telling anyone (no list_changed): only asking it again shows the change.</summary>
public sealed class SilentlyChangingTools
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _names = new(["first"]);

    public void Add(string name) => _names.Enqueue(name);

    public IMcpServerBuilder Serve(IMcpServerBuilder mcp) => mcp
        .WithListToolsHandler((_, _) => ValueTask.FromResult(new ListToolsResult
        {
            Tools = [.. _names.Select(n => new Tool { Name = n, Description = "tool " + n, InputSchema = Schema })],
        }))
        .WithCallToolHandler((request, _) => ValueTask.FromResult(new CallToolResult
        {
            Content = [new TextContentBlock { Text = "ran " + request.Params?.Name }],
        }));
}
