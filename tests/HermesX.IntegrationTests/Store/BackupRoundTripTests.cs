using System.Diagnostics;
using HermesX.Grains.Auth;
using HermesX.Grains.Store;
using HermesX.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace HermesX.IntegrationTests.Store;

/// <summary>scripts/backup on the real schema: backup, wipe, restore gives back every row, policy and owner.</summary>
public sealed class BackupRoundTripTests
{
    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HermesX.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    private static async Task<(int Code, string Output)> RunAsync(string script, string arg, IReadOnlyDictionary<string, string> env)
    {
        var psi = new ProcessStartInfo("bash", [Path.Combine(RepoRoot(), "scripts", "backup", script), arg])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await output + await error);
    }

    /// <summary>Checksums of every public table's rows plus the policies, RLS flags and owners.</summary>
    private static async Task<Dictionary<string, string>> FingerprintAsync(TestDatabase db)
    {
        var tables = await db.ColumnAsSuperuserAsync("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
        await using var conn = await db.OpenAsSuperuserAsync();
        var result = new Dictionary<string, string>();
        foreach (var t in tables)
        {
            await using var cmd = new NpgsqlCommand($"""
                SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') FROM "{t}" x
                """, conn);
            result[t] = (string)(await cmd.ExecuteScalarAsync())!;
        }
        await using (var cmd = new NpgsqlCommand("""
            SELECT string_agg(tablename || '.' || policyname || '=' || coalesce(qual, '') || '/' || coalesce(with_check, ''), ';' ORDER BY tablename, policyname) FROM pg_policies
            """, conn))
        {
            result["@policies"] = (string)(await cmd.ExecuteScalarAsync())!;
        }
        await using (var cmd = new NpgsqlCommand("""
            SELECT string_agg(relname || ':' || relrowsecurity || relforcerowsecurity || ':' || pg_get_userbyid(relowner), ';' ORDER BY relname)
            FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'
            """, conn))
        {
            result["@tables"] = (string)(await cmd.ExecuteScalarAsync())!;
        }
        await using (var cmd = new NpgsqlCommand($"SELECT string_agg(privilege_type, ',' ORDER BY privilege_type) FROM information_schema.role_table_grants WHERE table_name = 'audit_logs' AND grantee = '{TestDatabase.ServiceRole}'", conn))
        {
            result["@audit_grants"] = (await cmd.ExecuteScalarAsync())?.ToString() ?? "";
        }
        return result;
    }

    [Fact]
    public async Task BackupWipeRestoreGivesBackEveryRowPolicyAndOwner()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using (var source = NpgsqlDataSource.Create(db.ServiceConnectionString))
        {
            await new Migrator(source, NullLogger<Migrator>.Instance).MigrateAsync();
            var tenants = new TenantDb(source);
            foreach (var t in new[] { "alpha", "beta", "gamma" })
            {
                await tenants.InTenantAsync(t, "seed", "test", async (c, tx, ct) =>
                {
                    await c.ExecuteAsync(tx, "INSERT INTO tenants (id, name, plan, rate_limit_rpm, max_sessions) VALUES (@t, @t, 'pro', 60, 5)", ct, ("t", t));
                    await c.ExecuteAsync(tx, "INSERT INTO sessions (tenant_id, id, user_id, title) VALUES (@t, 's1', 'u1', 'hello')", ct, ("t", t));
                    await c.ExecuteAsync(tx, "INSERT INTO messages (tenant_id, session_id, seq, role, content) VALUES (@t, 's1', 1, 'user', 'hi ' || @t)", ct, ("t", t));
                    await c.ExecuteAsync(tx, "INSERT INTO audit_logs (tenant_id, actor, auth_method, action, status) VALUES (@t, 'seed', 'test', 'seed', 200)", ct, ("t", t));
                    return 0;
                });
                await new ApiKeyStore(tenants).CreateAsync(t, "k", ["admin"], ["read"], null);
            }
        }
        var before = await FingerprintAsync(db);
        var dir = Directory.CreateTempSubdirectory("hermesx-backup-");
        try
        {
            var env = new Dictionary<string, string>
            {
                ["BACKUP_DATABASE_URL"] = PostgresAdminUrlFor(db.Name),
                ["DATABASE_URL"] = db.Url,
                ["HERMESX_BIN"] = SiloProcess.Executable,
            };
            var backup = await RunAsync("backup.sh", dir.FullName, env);
            Assert.True(backup.Code == 0, backup.Output);
            var archive = Assert.Single(dir.GetFiles("hermes_*.sql.gz"));
            Assert.Matches(@"^hermes_\d{8}_\d{6}\.sql\.gz$", archive.Name);

            await db.ExecuteAsSuperuserAsync("DROP SCHEMA public CASCADE; CREATE SCHEMA public AUTHORIZATION " + TestDatabase.ServiceRole);
            Assert.Equal(0L, await db.ScalarAsSuperuserAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));

            var restore = await RunAsync("restore.sh", archive.FullName, env);
            Assert.True(restore.Code == 0, restore.Output);
            Assert.Equal(before, await FingerprintAsync(db));

            // Migrations were all in the backup: migrate has nothing left to do.
            await using var source = NpgsqlDataSource.Create(db.ServiceConnectionString);
            Assert.Empty(await new Migrator(source, NullLogger<Migrator>.Instance).MigrateAsync());
            await using var probe = source.CreateCommand("SELECT count(*) FROM tenants");
            Assert.Equal(0L, (long)(await probe.ExecuteScalarAsync())!);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string PostgresAdminUrlFor(string database)
    {
        var admin = new Uri(TestDatabase.AdminUrl);
        return new UriBuilder(admin) { Path = "/" + database }.Uri.ToString();
    }
}
