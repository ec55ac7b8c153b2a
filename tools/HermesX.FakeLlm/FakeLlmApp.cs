using System.Globalization;
using HermesX.FakeLlm.Protocols;
using HermesX.FakeLlm.Scripting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HermesX.FakeLlm;

/// <summary>Builds the fake server's web application; shared by the executable and in-process tests.</summary>
public static class FakeLlmApp
{
    public const string DefaultUrl = "http://127.0.0.1:18080";

    public static WebApplication Build(string[] args, FakeLlmOptions? options = null, string? url = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
        {
            ["--latency-ms"] = FakeLlmOptions.LatencyKey,
        });
        // Per-request logging would cost more than the fake's own work at benchmark rates.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        options ??= FromConfiguration(builder.Configuration);
        var listen = url ?? builder.Configuration["urls"] ?? builder.Configuration["ASPNETCORE_URLS"] ?? DefaultUrl;
        builder.WebHost.UseUrls(listen);

        var state = new FakeLlmState(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(state);

        var app = builder.Build();
        app.MapFakeProviders(new FakeRequestHandler(state), options, state);
        app.MapFakeControl(state);
        return app;
    }

    private static FakeLlmOptions FromConfiguration(IConfiguration configuration)
    {
        var defaults = new FakeLlmOptions();
        return defaults with
        {
            LatencyMs = ReadInt(configuration[FakeLlmOptions.LatencyKey]) ?? defaults.LatencyMs,
            MaxRecordedRequests = ReadInt(configuration[FakeLlmOptions.MaxRecordedKey]) ?? defaults.MaxRecordedRequests,
        };
    }

    private static int? ReadInt(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;
}
