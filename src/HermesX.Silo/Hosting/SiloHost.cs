using System.Data.Common;
using System.Net;
using HermesX.Frontend.Health;
using HermesX.Frontend.Hosting;
using HermesX.Frontend.Validation;
using HermesX.Grains.Agent;
using HermesX.Grains.Llm;
using HermesX.Grains.Skills;
using HermesX.Grains.Store;
using HermesX.Grains.Webhooks;
using HermesX.Grains.Mcp;
using HermesX.Silo.Commands;
using HermesX.Silo.Configuration;
using HermesX.Silo.Observability;
using Npgsql;
using Orleans.Configuration;

using HermesX.Grains.Abstractions.Maintenance;
using HermesX.Grains.Abstractions.Configuration;

namespace HermesX.Silo.Hosting;

/// <summary>Composition root: one process hosting an Orleans silo and the HTTP frontend.</summary>
public static class SiloHost
{
    public const string AdoNetInvariant = "Npgsql";

    /// <summary>How long Orleans may take to deactivate grains and leave the membership table on SIGTERM.</summary>
    public static readonly TimeSpan OrleansShutdownTime = TimeSpan.FromSeconds(45);

    /// <summary>The host for the settings in <paramref name="settings"/> (the environment, or a test's values).</summary>
    public static WebApplication Build(IConfiguration settings, string[] args)
    {
        // Ports, Orleans and the store are composed from the values now, so a bad one fails here, before
        // a host exists; the host's own HermesOptions, from the same registration, is checked again at start.
        var options = SettingsLoader.Load(settings);

        // Orleans' AdoNet providers look the driver up by invariant name.
        DbProviderFactories.RegisterFactory(AdoNetInvariant, NpgsqlFactory.Instance);

        // Settings come from the environment once, at start: no file watcher on the content root,
        // which would otherwise wake on every write below it (logs, a local Postgres data directory).
        var builder = WebApplication.CreateSlimBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
        builder.Logging.ClearProviders();
        BufferedStdout.Install();
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.SetMinimumLevel(options.Debug ? LogLevel.Debug : LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", options.Debug ? LogLevel.Information : LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", options.Debug ? LogLevel.Information : LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", options.Debug ? LogLevel.Information : LogLevel.Warning);
        // The watchdog's first check can race its own start (its component timestamp is still zero)
        // and warn of a stall as long as the machine's uptime. Real stalls still surface through
        // membership's probe warnings and the silo health events.
        builder.Logging.AddFilter("Orleans.Runtime.Watchdog", options.Debug ? LogLevel.Information : LogLevel.Error);
        // Each refused request is already one "answered 401" line (HermesX.Http).
        builder.Logging.AddFilter("HermesX.Frontend.Auth", options.Debug ? LogLevel.Information : LogLevel.Warning);
        // Every line logged while an activity runs (a request, a grain call it made) carries its trace id.
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            // Kestrel answers its own limits with an empty body; with room above HermesX's limits,
            // the frontend refuses oversize targets and headers itself, in the JSON error shape.
            (k.Limits.MaxRequestLineSize, k.Limits.MaxRequestHeadersTotalSize, k.Limits.MaxRequestHeaderCount) = RequestLimits.KestrelLimits;
            Listen(k, options, options.SaasApiPort);
            if (options.ApiPort != options.SaasApiPort)
            {
                Listen(k, options, options.ApiPort);
            }
        });

        builder.Services.AddHermesSettings(settings);
        builder.Services.AddSingleton(options.GroupCommit);
        builder.Services.AddHermesStore(options.ConnectionString, options.Governance);
        builder.Services.AddHermesWebhooks(options.Webhooks);
        builder.Services.AddHermesMcp(options.Mcp);
        builder.Services.AddHermesAgent();
        builder.Services.AddHermesSkills(options.ObjectStore);
        builder.Services.AddHermesLlm(builder.Configuration);
        builder.Services.AddHealthChecks()
            .AddReadinessCheck<PostgresReadinessCheck>("postgres", required: true)
            .AddReadinessCheck<ClusterReadinessCheck>("cluster", required: true);
        builder.Services.AddHermesFrontend(options);
        builder.Services.AddHermesTelemetry(options, Cli.Version);

        builder.Host.UseOrleans(silo => ConfigureSilo(silo, options));
        // Give Orleans time to hand grains off before the process exits (Kubernetes sends SIGTERM first),
        // after the drain. The Helm chart's terminationGracePeriodSeconds covers preStop + both.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownDrain + OrleansShutdownTime);
        builder.Services.AddSingleton(sp => new ShutdownDrain(options.ShutdownDrain, sp.GetRequiredService<ILogger<ShutdownDrain>>()));
        builder.Services.AddHealthChecks().AddReadinessCheck<ShutdownDrain>("shutdown", required: true);
        // Registered after Orleans: lifecycle services are told of the stop in reverse order, so the
        // drain begins before Orleans hears of it, and before any hosted service (Kestrel) stops.
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ShutdownDrain>());

        var app = builder.Build();
        app.UseHermesFrontend(options);
        if (options.DashboardEnabled)
        {
            app.MapHermesDashboard(options);
        }
        else
        {
            app.MapDashboardOff();
        }
        return app;
    }

    private static void Listen(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, HermesOptions options, int port)
    {
        if (SpecificBindAddress(options) is { } address)
        {
            kestrel.Listen(address, port);
        }
        else
        {
            kestrel.ListenAnyIP(port);
        }
    }

    /// <summary>HERMES_BIND_ADDRESS unless it is unset or means every address.</summary>
    private static IPAddress? SpecificBindAddress(HermesOptions options) =>
        options.BindAddress is { } raw && IPAddress.Parse(raw) is var address
            && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any)
            ? address
            : null;

    /// <summary>Without POD_IP, the first non-loopback IPv4 address (a container's own), else loopback.</summary>
    private static IPAddress HostAddress() =>
        System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? IPAddress.Loopback;

    private static void ConfigureSilo(ISiloBuilder silo, HermesOptions options)
    {
        var bound = SpecificBindAddress(options);
        var advertised = options.AdvertisedIp is { } ip ? IPAddress.Parse(ip) : bound ?? HostAddress();
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        silo.Configure<SiloOptions>(o => o.SiloName = options.InstanceId);
        silo.Configure<ClusterMembershipOptions>(FailureDetection.Apply);
        // A grain call continues the caller's trace (the HTTP request's), so its spans join it. Without
        // an exporter no span is recorded, and the turn carries its trace id in the request itself.
        if (options.OtlpEndpoint is not null)
        {
            silo.AddActivityPropagation();
        }
        if (options.DashboardEnabled)
        {
            silo.AddHermesDashboard();
        }
        silo.ConfigureEndpoints(advertised, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: bound is null);
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = AdoNetInvariant;
            o.ConnectionString = options.ConnectionString;
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = AdoNetInvariant;
            o.ConnectionString = options.ConnectionString;
        });
        silo.AddStartupTask(ArmMaintenanceAsync);
    }

    /// <summary>Arms the housekeeping reminder (audit retention, overdue purges); a failure here must not stop the silo.</summary>
    private static async Task ArmMaintenanceAsync(IServiceProvider services, CancellationToken ct)
    {
        try
        {
            await services.GetRequiredService<IGrainFactory>().GetGrain<IMaintenanceGrain>(0).StartAsync();
        }
        catch (Exception e)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SiloHost)).LogWarning(e, "Could not arm the maintenance reminder; another silo's start or the next restart will");
        }
    }
}
