namespace HermesX.Deploy.Tests.Backup;

/// <summary>
/// The failure cases of scripts/backup/restore.sh: each must exit non-zero with a clear message and
/// leave the database exactly as it was. (The full round trip on the HermesX schema lives with the
/// schema's tests.)
/// </summary>
public sealed class RestoreScriptTests() : ThrowawayDatabaseTest("hermesx-restore-test-")
{
    [Fact]
    public async Task MissingFileIsReportedAndChangesNothing()
    {
        await AssertRestoreFailsAndChangesNothingAsync(Path.Combine(Folder, "hermes_20260507_120000.sql.gz"), "backup file not found");
    }

    [Fact]
    public async Task CorruptArchiveIsReportedAndChangesNothing()
    {
        var archive = Path.Combine(Folder, "hermes_20260507_120000.sql.gz");
        await File.WriteAllBytesAsync(archive, [.. Enumerable.Range(0, 512).Select(i => (byte)(i * 37))]);

        await AssertRestoreFailsAndChangesNothingAsync(archive, "corrupt backup archive");
    }

    [Fact]
    public async Task TruncatedArchiveIsReportedAndChangesNothing()
    {
        var archive = await BackupAsync();
        var bytes = await File.ReadAllBytesAsync(archive);
        await File.WriteAllBytesAsync(archive, bytes[..(bytes.Length / 2)]);
        await Database.ExecuteAsync("UPDATE items SET body = 'changed after backup' WHERE id = 1");

        await AssertRestoreFailsAndChangesNothingAsync(archive, "corrupt backup archive");
    }

    [Fact]
    public async Task DumpWithoutItsEndMarkerIsReportedAndChangesNothing()
    {
        var dump = BackupScripts.Decompress(await BackupAsync());
        var archive = Path.Combine(Folder, "hermes_20260507_120001.sql.gz");
        BackupScripts.Compress(archive, dump[..dump.IndexOf("-- PostgreSQL database dump complete", StringComparison.Ordinal)]);
        await Database.ExecuteAsync("UPDATE items SET body = 'changed after backup' WHERE id = 1");

        await AssertRestoreFailsAndChangesNothingAsync(archive, "incomplete dump");
    }

    [Fact]
    public async Task StatementFailingMidwayRollsTheWholeRestoreBack()
    {
        // The dump's DROP TABLE runs before the failing statement: only a single transaction
        // keeps the table and its rows.
        var dump = BackupScripts.Decompress(await BackupAsync());
        var archive = Path.Combine(Folder, "hermes_20260507_120002.sql.gz");
        var marker = dump.IndexOf("CREATE POLICY", StringComparison.Ordinal);
        BackupScripts.Compress(archive, dump.Insert(marker, "SELECT 1 / 0;\n"));
        await Database.ExecuteAsync("UPDATE items SET body = 'changed after backup' WHERE id = 1");

        await AssertRestoreFailsAndChangesNothingAsync(archive, "rolled back");
    }

    [Fact]
    public async Task UnreachableDatabaseIsReported()
    {
        var archive = await BackupAsync();

        var result = await BackupScripts.RunAsync("restore.sh", [archive, "--no-migrate"], new Dictionary<string, string>
        {
            ["BACKUP_DATABASE_URL"] = "postgres://postgres@127.0.0.1:1/hermes",
        });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("cannot connect to the database", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrationWithoutTheApplicationUrlIsRefusedBeforeRestoring()
    {
        // Migrations must run as the application role (it owns the schema), so its URL is
        // checked before anything is restored.
        var archive = await BackupAsync();
        await Database.ExecuteAsync("UPDATE items SET body = 'changed after backup' WHERE id = 1");
        var before = await Database.FingerprintAsync();

        var result = await BackupScripts.RunAsync("restore.sh", [archive], new Dictionary<string, string>
        {
            ["BACKUP_DATABASE_URL"] = Database.Url,
        });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("DATABASE_URL", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await Database.FingerprintAsync());
    }

    private async Task<string> BackupAsync()
    {
        var result = await BackupScripts.RunAsync("backup.sh", [Folder], new Dictionary<string, string> { ["BACKUP_DATABASE_URL"] = Database.Url });
        Assert.True(result.ExitCode == 0, result.Error);
        return result.Output;
    }

    private async Task AssertRestoreFailsAndChangesNothingAsync(string archive, string expectedMessage)
    {
        var before = await Database.FingerprintAsync();

        var result = await BackupScripts.RunAsync("restore.sh", [archive, "--no-migrate"], new Dictionary<string, string>
        {
            ["BACKUP_DATABASE_URL"] = Database.Url,
        });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expectedMessage, result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await Database.FingerprintAsync());
    }
}
