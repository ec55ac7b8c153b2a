using System.Text.RegularExpressions;

namespace HermesX.Deploy.Tests.Backup;

/// <summary>scripts/backup/backup.sh against a throwaway database (HERMES_TEST_PG_ADMIN_URL).</summary>
public sealed partial class BackupScriptTests() : ThrowawayDatabaseTest("hermesx-backup-test-")
{
    [Fact]
    public async Task BackupWritesATimestampedArchiveWithEveryTenantsRows()
    {
        var result = await BackupScripts.RunAsync("backup.sh", [Folder], new Dictionary<string, string> { ["BACKUP_DATABASE_URL"] = Database.Url });

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Matches(ArchiveName(), Path.GetFileName(result.Output));
        var dump = BackupScripts.Decompress(result.Output);
        Assert.Contains("tenant-a\talpha", dump, StringComparison.Ordinal);
        Assert.Contains("tenant-b\tbeta", dump, StringComparison.Ordinal);
        Assert.Contains("FORCE ROW LEVEL SECURITY", dump, StringComparison.Ordinal);
        Assert.Contains("CREATE POLICY tenant_isolation", dump, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackupFallsBackToDatabaseUrl()
    {
        var result = await BackupScripts.RunAsync("backup.sh", [Folder], new Dictionary<string, string> { ["DATABASE_URL"] = Database.Url });

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.True(File.Exists(result.Output));
    }

    [Fact]
    public async Task BackupRefusesARoleThatRowLevelSecurityApplies()
    {
        // Such a role would dump the tables without their rows, silently.
        var role = $"hermesx_rls_{Guid.NewGuid():N}"[..30];
        await Database.ExecuteOnServerAsync($"CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD 'rls-test'");
        try
        {
            var url = PostgresUrl.With(Database.Url, Database.Name, role, "rls-test");
            var result = await BackupScripts.RunAsync("backup.sh", [Folder], new Dictionary<string, string> { ["DATABASE_URL"] = url });

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("row-level security", result.Error, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(Folder));
        }
        finally
        {
            await Database.ExecuteOnServerAsync($"DROP ROLE {role}");
        }
    }

    [Fact]
    public async Task RetentionDeletesOnlyArchivesOlderThanTheLimit()
    {
        var old = Touch("hermes_20000101_000000.sql.gz");
        var recent = Touch($"hermes_{DateTime.UtcNow.AddDays(-2):yyyyMMdd_HHmmss}.sql.gz");
        var foreign = Touch("customer_20000101_000000.sql.gz");
        var notes = Touch("hermes_notes.txt");

        var result = await BackupScripts.RunAsync("backup.sh", [Folder], new Dictionary<string, string>
        {
            ["BACKUP_DATABASE_URL"] = Database.Url,
            ["BACKUP_RETENTION_DAYS"] = "7",
        });

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.False(File.Exists(old));
        Assert.All([recent, foreign, notes, result.Output], path => Assert.True(File.Exists(path), $"{path} was deleted"));
    }

    [Fact]
    public async Task RetentionOfZeroKeepsEveryArchive()
    {
        var old = Touch("hermes_20000101_000000.sql.gz");

        var result = await BackupScripts.RunAsync("backup.sh", [Folder], new Dictionary<string, string>
        {
            ["BACKUP_DATABASE_URL"] = Database.Url,
            ["BACKUP_RETENTION_DAYS"] = "0",
        });

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.True(File.Exists(old));
    }

    [Fact]
    public async Task UnreachableDatabaseFailsWithoutWritingAnArchive()
    {
        var result = await BackupScripts.RunAsync("backup.sh", [Folder], new Dictionary<string, string>
        {
            ["BACKUP_DATABASE_URL"] = "postgres://postgres@127.0.0.1:1/hermes",
        });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("cannot connect", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Folder));
    }

    private string Touch(string name)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, string.Empty);
        return path;
    }

    [GeneratedRegex(@"^hermes_\d{8}_\d{6}\.sql\.gz$")]
    private static partial Regex ArchiveName();
}
