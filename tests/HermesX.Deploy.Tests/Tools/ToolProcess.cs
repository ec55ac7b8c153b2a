using System.Diagnostics;
using HermesX.Deploy.Tests.Infrastructure;

namespace HermesX.Deploy.Tests.Tools;

public sealed record ToolResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Everything the tool said, for assertion messages.</summary>
    public string Describe() => $"{Command} exited {ExitCode}\n{StandardOutput}\n{StandardError}".Trim();
}

/// <summary>Runs a command-line tool from the repository root and captures what it prints.</summary>
public static class ToolProcess
{
    // A stuck tool fails its test instead of hanging the run.
    private static readonly TimeSpan _timeout = TimeSpan.FromMinutes(3);

    public static async Task<ToolResult> RunAsync(string fileName, IEnumerable<string> arguments, string? standardInput = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment["FORCE_COLOR"] = "0";
        var command = $"{Path.GetFileName(fileName)} {string.Join(' ', start.ArgumentList)}";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(_timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish within {_timeout}");
        }

        return new ToolResult(command, process.ExitCode, await stdout, await stderr);
    }
}
