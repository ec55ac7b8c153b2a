using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HermesX.IntegrationTests.Mcp;

/// <summary>What a test server's tools were called with, and how often.</summary>
public sealed class CallLog
{
    private readonly ConcurrentDictionary<string, int> _calls = new();

    public void Add(string what) => _calls.AddOrUpdate(what, 1, (_, n) => n + 1);

    public int Count(string what) => _calls.GetValueOrDefault(what);
}

/// <summary>A small ASP.NET Core host on a free loopback port: an MCP server (<c>ModelContextProtocol.AspNetCore</c>) or a raw one.</summary>
public sealed class McpTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private McpTestHost(WebApplication app, CallLog calls, string url)
    {
        _app = app;
        Calls = calls;
        Url = url;
    }

    public CallLog Calls { get; }

    /// <summary>The MCP endpoint.</summary>
    public string Url { get; }

    /// <summary>An MCP server whose tools <paramref name="mcp"/> declares, at /mcp.</summary>
    public static Task<McpTestHost> StartMcpAsync(Action<IMcpServerBuilder> mcp) => StartAsync(services =>
    {
        var builder = services.AddMcpServer().WithHttpTransport();
        mcp(builder);
    }, app => app.MapMcp("/mcp"));

    /// <summary>A hand-written endpoint at /mcp, for answers no SDK would give.</summary>
    public static Task<McpTestHost> StartRawAsync(Action<WebApplication> map) => StartAsync(_ => { }, map);

    private static async Task<McpTestHost> StartAsync(Action<IServiceCollection> services, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var calls = new CallLog();
        builder.Services.AddSingleton(calls);
        services(builder.Services);
        var app = builder.Build();
        // The credentials a server was sent, so a test can see that the stored ones reach it, and the
        // MCP method of each request (the Mcp-Method header of the 2026-07-28 revision).
        app.Use((context, next) =>
        {
            if (context.Request.Headers.TryGetValue("Mcp-Method", out var method))
            {
                calls.Add($"method:{method}");
            }
            foreach (var name in new[] { "Authorization", "X-Api-Key" })
            {
                if (context.Request.Headers.TryGetValue(name, out var value))
                {
                    calls.Add($"header:{name}:{value}");
                }
            }
            return next(context);
        });
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new McpTestHost(app, calls, address.TrimEnd('/') + "/mcp");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
