using System.Text.RegularExpressions;
using HermesX.IntegrationTests.Observability;
using HermesX.Silo.Configuration;

namespace HermesX.IntegrationTests.Docs;

/// <summary>docs/configuration.md's "Environment variables" section names exactly the HERMES_* variables the service reads.</summary>
public sealed partial class ConfigurationReferenceTests
{
    private static HashSet<string> DocumentedHermesVariables()
    {
        var page = File.ReadAllText(RepositoryFiles.PathOf("docs/configuration.md"));
        var start = page.IndexOf("\n## Environment variables\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/configuration.md has no '## Environment variables' section");
        // The section ends at the next level-2 heading (the local ports of the scripts, which are not the service's).
        var end = page.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? page[start..] : page[start..end];
        return HermesVariable().Matches(section).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
    }

    [Fact]
    public void EveryHermesVariableTheServiceReadsIsDocumented()
    {
        var documented = DocumentedHermesVariables();
        var missing = EnvironmentVariableNames.All.Where(v => v.StartsWith("HERMES_", StringComparison.Ordinal) && !documented.Contains(v)).ToList();
        Assert.True(missing.Count == 0, "not in docs/configuration.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryHermesVariableDocumentedIsOneTheServiceReads()
    {
        var unknown = DocumentedHermesVariables().Except(EnvironmentVariableNames.All).Order(StringComparer.Ordinal).ToList();
        Assert.True(unknown.Count == 0, "documented but not in EnvironmentVariableNames.All: " + string.Join(", ", unknown));
    }

    [GeneratedRegex(@"\bHERMES_[A-Z0-9_]*[A-Z0-9]")]
    private static partial Regex HermesVariable();
}
