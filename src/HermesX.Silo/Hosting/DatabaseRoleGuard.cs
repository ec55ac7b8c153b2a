using Microsoft.Extensions.Logging;
using Npgsql;
using HermesX.Grains.Abstractions.Configuration;

namespace HermesX.Silo.Hosting;

/// <summary>
/// Row-level security does not apply to superusers or BYPASSRLS roles, so running as one would
/// silently void tenant isolation. Production refuses to start; elsewhere it is a loud warning.
/// </summary>
public static class DatabaseRoleGuard
{
    public static async Task CheckAsync(NpgsqlDataSource db, HermesOptions options, ILogger logger, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return;
        }
        var (role, super, bypass) = (reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2));
        if (!super && !bypass)
        {
            return;
        }
        var problem = $"the database role '{role}' is {(super ? "a superuser" : "BYPASSRLS")}, so row-level security would not isolate tenants";
        if (options.IsProduction)
        {
            throw new Configuration.SettingsException("DATABASE_URL", problem + "; connect as a role without SUPERUSER and BYPASSRLS");
        }
        logger.LogWarning("Unsafe database role: {Problem}. HERMES_ENV=production refuses this", problem);
    }
}
