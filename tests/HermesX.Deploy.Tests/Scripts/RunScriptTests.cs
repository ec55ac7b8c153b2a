using System.Text.RegularExpressions;
using HermesX.Deploy.Tests.Tools;

namespace HermesX.Deploy.Tests.Scripts;

/// <summary>scripts/run.sh as a newcomer runs it, on a machine where the default ports are taken.</summary>
[Collection(RunScript.Collection)]
public sealed partial class RunScriptTests
{
    [Fact]
    public async Task RunShMovesOffTakenDefaultPortsPrintsThemAndAnswersThePrintedChatExample()
    {
        using var taken = new TakenPorts(18080, 11111, 30000, 8080);
        using var run = RunScript.Start();
        try
        {
            Assert.True(await run.WaitForAsync(RunScript.ReadyLine), $"run.sh did not bring the API up:\n{run.Output}");
            var printed = run.Output;
            // The ready line comes only once the API answers, after hermesx's own start-up lines.
            Assert.True(printed.IndexOf("Application started", StringComparison.Ordinal) < printed.IndexOf(RunScript.ReadyLine, StringComparison.Ordinal));

            var ports = PortLine().Matches(printed).ToDictionary(m => m.Groups["var"].Value, m => (Address: m.Groups["address"].Value, Port: int.Parse(m.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.NotEqual(18080, ports["HERMES_FAKE_LLM_PORT"].Port);
            Assert.NotEqual(11111, ports["ORLEANS_SILO_PORT"].Port);
            Assert.NotEqual(30000, ports["ORLEANS_GATEWAY_PORT"].Port);
            Assert.NotEqual(8080, ports["SAAS_API_PORT"].Port);
            Assert.All(ports.Values, entry => Assert.Equal("127.0.0.1", entry.Address));
            Assert.Contains($"\"Now listening on: http://127.0.0.1:{ports["SAAS_API_PORT"].Port}\"", printed, StringComparison.Ordinal);

            var chat = await ToolProcess.RunAsync("bash", ["-c", ChatExample(printed)]);

            Assert.True(chat.Succeeded, chat.Describe());
            Assert.Contains("\"object\":\"chat.completion\"", chat.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("\"model\":\"fake-gpt\"", chat.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("Fake reply to: Hello", chat.StandardOutput, StringComparison.Ordinal);
            Assert.True(await run.WaitForAsync("POST /v1/chat/completions answered 200"), "no request line for the chat");
            var log = run.Output;
            Assert.DoesNotContain("\"LogLevel\":\"Warning\"", log, StringComparison.Ordinal);
            Assert.DoesNotContain("\"LogLevel\":\"Error\"", log, StringComparison.Ordinal);
            Assert.DoesNotContain("\"Category\":\"Polly", log, StringComparison.Ordinal);
        }
        finally
        {
            await run.StopAsync();
        }

        Assert.Contains("==> fake LLM: stopping", run.Output, StringComparison.Ordinal);
    }

    /// <summary>The lines run.sh prints under "Chat example", as a user would paste them.</summary>
    private static string ChatExample(string printed)
    {
        var lines = printed.Split('\n');
        var start = Array.FindIndex(lines, line => line.StartsWith("Chat example", StringComparison.Ordinal));
        Assert.True(start >= 0, "run.sh printed no chat example");
        var body = lines.Skip(start + 1).SkipWhile(line => !line.StartsWith("  ", StringComparison.Ordinal)).TakeWhile(line => line.Trim().Length > 0);
        return string.Join('\n', body) + "\n";
    }

    // "  full API               127.0.0.1:8081    SAAS_API_PORT (default 8080)"
    [GeneratedRegex(@"^  \S.*?\s(?<address>[0-9.:]+?):(?<port>\d+)\s+(?<var>[A-Z_]+_PORT) \(default \d+\)", RegexOptions.Multiline)]
    private static partial Regex PortLine();
}
