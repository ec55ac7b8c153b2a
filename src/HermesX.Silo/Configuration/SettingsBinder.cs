using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Configuration;
using HermesX.Grains.Store;

namespace HermesX.Silo.Configuration;

/// <summary>Binds <see cref="HermesOptions"/> and the options objects it holds, all read from the root of the environment.</summary>
internal static class SettingsBinder
{
    /// <summary>The objects whose settings are read from the environment, in the order they are checked.</summary>
    public static IEnumerable<object> Targets(HermesOptions options) => [options, options.ObjectStore, options.Governance, options.GroupCommit, options.Webhooks, options.Mcp];

    public static void Bind(IConfiguration environment, HermesOptions options)
    {
        foreach (var target in Targets(options))
        {
            EnvironmentBinder.Bind<HermesOptions>(environment, target);
        }
        options.ConnectionString = ConnectionString(options.DatabaseUrl, out _) ?? "";
    }

    /// <summary>The connection string for DATABASE_URL, or null and why not.</summary>
    public static string? ConnectionString(string databaseUrl, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(databaseUrl))
        {
            problem = "is not set (expected postgres://user:pass@host:5432/db?sslmode=disable)";
            return null;
        }
        try
        {
            return PostgresUrl.ToConnectionString(databaseUrl);
        }
        catch (FormatException e)
        {
            problem = e.Message;
            return null;
        }
    }
}
