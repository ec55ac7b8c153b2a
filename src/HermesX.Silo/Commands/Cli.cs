using System.Reflection;
using HermesX.Grains.Store;
using HermesX.Silo.Configuration;
using HermesX.Silo.Hosting;
using HermesX.Grains.Abstractions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HermesX.Silo.Commands;

/// <summary>The <c>hermesx</c> command line: saas-api (default), migrate, version, --help.</summary>
public static class Cli
{
    public const int ExitConfig = 2;

    private const string Help = """
        Usage: hermesx [command]

        Commands:
          saas-api   Run an Orleans silo and the HTTP API in one process (default)
          migrate    Apply pending database migrations and exit
          version    Print the version and exit
          help       Show this help (also --help, -h)

        Required environment: DATABASE_URL, HERMES_ACP_TOKEN (migrate needs only DATABASE_URL).
        See docs/configuration.md for every variable.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var command = args.Length == 0 ? "saas-api" : args[0];
        var rest = args.Length == 0 ? [] : args[1..];
        switch (command)
        {
            case "--help" or "-h" or "help":
                Console.WriteLine(Help);
                return 0;
            case "version" or "--version":
                Console.WriteLine($"hermesx {Version}");
                return 0;
            case "migrate":
                return await GuardAsync(() => MigrateAsync());
            case "saas-api":
                return await GuardAsync(() => ServeAsync(rest));
            default:
                Console.Error.WriteLine($"hermesx: unknown command '{command}'");
                Console.Error.WriteLine(Help);
                return ExitConfig;
        }
    }

    public static string Version =>
        typeof(Cli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static async Task<int> GuardAsync(Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (SettingsException e)
        {
            Console.Error.WriteLine($"hermesx: configuration error: {e.Message}");
            return ExitConfig;
        }
        catch (OptionsValidationException e)
        {
            // ValidateOnStart's failure: its message is the same one line naming the variable.
            Console.Error.WriteLine($"hermesx: configuration error: {e.Message}");
            return ExitConfig;
        }
        catch (NpgsqlException e)
        {
            // The exception text may quote the connection target but never the password.
            Console.Error.WriteLine($"hermesx: database unavailable: {e.Message}");
            return 1;
        }
    }

    private static IConfiguration Environment() => new ConfigurationBuilder().AddEnvironmentVariables().Build();

    private static async Task<int> MigrateAsync()
    {
        var options = SettingsLoader.Load(Environment(), requireAcpToken: false);
        await using var db = new NpgsqlDataSourceBuilder(options.ConnectionString).Build();
        var applied = await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();
        Console.WriteLine(applied.Count == 0
            ? "hermesx: database is up to date"
            : $"hermesx: applied migrations {string.Join(", ", applied)}");
        return 0;
    }

    private static async Task<int> ServeAsync(string[] args)
    {
        var app = SiloHost.Build(Environment(), args);
        var options = app.Services.GetRequiredService<HermesOptions>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("HermesX.Startup");
        var db = app.Services.GetRequiredService<NpgsqlDataSource>();
        await DatabaseRoleGuard.CheckAsync(db, options, logger, CancellationToken.None);
        var applied = await app.Services.GetRequiredService<Migrator>().MigrateAsync();
        logger.LogInformation("Schema ready ({Applied} migrations applied now); starting silo {Silo} in cluster {Cluster}",
            applied.Count, options.InstanceId, options.ClusterId);
        await app.RunAsync();
        return 0;
    }
}
