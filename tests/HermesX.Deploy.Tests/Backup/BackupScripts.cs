using System.Diagnostics;
using System.IO.Compression;
using HermesX.Deploy.Tests.Infrastructure;

namespace HermesX.Deploy.Tests.Backup;

public sealed record ScriptResult(int ExitCode, string Output, string Error);

/// <summary>Runs scripts/backup/*.sh with a controlled environment.</summary>
public static class BackupScripts
{
    // Variables the scripts read; the test's own environment must not leak into them.
    private static readonly string[] _scriptVariables =
        ["DATABASE_URL", "BACKUP_DATABASE_URL", "BACKUP_RETENTION_DAYS", "HERMESX_BIN"];

    public static async Task<ScriptResult> RunAsync(string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Repository.PathOf($"scripts/backup/{script}"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in _scriptVariables)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(deadline.Token);
        return new ScriptResult(process.ExitCode, (await output).Trim(), (await error).Trim());
    }

    public static string Decompress(string archive)
    {
        using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd();
    }

    public static void Compress(string path, string content)
    {
        using var gzip = new GZipStream(File.Create(path), CompressionLevel.Optimal);
        using var writer = new StreamWriter(gzip);
        writer.Write(content);
    }
}
