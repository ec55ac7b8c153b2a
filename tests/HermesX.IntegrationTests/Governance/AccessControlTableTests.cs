using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using HermesX.IntegrationTests.Chat;
using HermesX.IntegrationTests.Observability;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Governance;

/// <summary>
/// Walks the access-control table of docs/security.md: every endpoint × role, against a running
/// silo; every refusal names the role, scope or credential that would pass.
/// </summary>
public sealed partial class AccessControlTableTests
{
    private const string Page = "docs/security.md";

    private static readonly string[] Roles = ["platform admin", "admin", "operator", "auditor", "user"];

    private static List<(string Method, string Path, bool[] Allowed)> Table()
    {
        var lines = File.ReadAllLines(RepositoryFiles.PathOf(Page));
        var start = Array.FindIndex(lines, l => l.StartsWith("## Access control", StringComparison.Ordinal));
        var rows = new List<(string, string, bool[])>();
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)))
        {
            var m = Row().Match(line);
            if (m.Success)
            {
                var cells = m.Groups[3].Value.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal(Roles.Length, cells.Length);
                rows.Add((m.Groups[1].Value, m.Groups[2].Value, cells.Select(c => c == "✓").ToArray()));
            }
        }
        return rows;
    }

    [Fact]
    public async Task EveryCellOfTheAccessControlTableIsWhatTheServiceEnforces()
    {
        var table = Table();
        Assert.True(table.Count >= 30, $"the access-control table of {Page} was not found or is incomplete");

        await using var chat = await ChatCluster.StartAsync(1);
        using var admin = chat.Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync(extra: new { plan = "enterprise" })).GetProperty("id").GetString()!;
        var credentials = new List<string> { HermesCluster.AcpToken };
        foreach (var role in Roles.Skip(1))
        {
            credentials.Add((await admin.CreateKeyAsync(tenant, [role])).Key);
        }

        var mismatches = new List<string>();
        foreach (var (method, path, allowed) in table)
        {
            for (var r = 0; r < Roles.Length; r++)
            {
                using var http = chat.Cluster.First.CreateClient(credentials[r]);
                using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", "missing-" + Guid.NewGuid().ToString("N")[..8]));
                if (method is "POST" or "PUT" or "PATCH")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }
                using var response = await http.SendAsync(request);
                var status = (int)response.StatusCode;
                Assert.NotEqual(401, status);
                Assert.NotEqual(429, status);
                var passed = status != 403;
                if (passed != allowed[r])
                {
                    mismatches.Add($"{method} {path} as {Roles[r]}: expected {(allowed[r] ? "allowed" : "403")}, got {status}");
                }
                else if (!passed && await RefusalAsync(response) is var refusal && !NamesWhatPasses().IsMatch(refusal))
                {
                    mismatches.Add($"{method} {path} as {Roles[r]}: the 403 names no role, scope or credential: \"{refusal}\"");
                }
            }
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    private static async Task<string> RefusalAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString()!;

    /// <summary>A refusal names what would pass: the platform token, a quoted scope or role, a role, or a tenant credential.</summary>
    [GeneratedRegex(@"HERMES_ACP_TOKEN|'[a-z:]+'|\b(admin|operator|auditor) role|tenant API key|tenant credential")]
    private static partial Regex NamesWhatPasses();

    [GeneratedRegex(@"^\| (GET|POST|PUT|PATCH|DELETE) (\S+) \|(.*)\|\s*$")]
    private static partial Regex Row();
}
