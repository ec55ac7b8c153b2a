using HermesX.IntegrationTests.Observability;

namespace HermesX.IntegrationTests.Docs;

/// <summary>The README and the pages under docs/ link to files and headings that exist.</summary>
public sealed class DocumentationLinksTests
{
    private static List<string> PagePaths() =>
    [
        "README.md",
        .. Directory.GetFiles(RepositoryFiles.PathOf("docs"), "*.md").Order(StringComparer.Ordinal)
            .Select(page => Path.GetRelativePath(RepositoryFiles.Root, page).Replace('\\', '/')),
    ];

    public static TheoryData<string> Pages() => new(PagePaths());

    [Fact]
    public void TheReferenceIsSplitIntoTheDocsPages() =>
        Assert.Superset(new HashSet<string> { "docs/architecture.md", "docs/configuration.md", "docs/api.md", "docs/operations.md",
            "docs/security.md", "docs/benchmark.md" }, PagePaths().ToHashSet());

    [Theory]
    [MemberData(nameof(Pages))]
    public void EveryRelativeLinkLeadsToAnExistingFileAndHeading(string page)
    {
        var file = MarkdownFile.Load(RepositoryFiles.PathOf(page));
        var broken = new List<string>();
        foreach (var link in file.Links.Where(l => !Uri.TryCreate(l, UriKind.Absolute, out _)))
        {
            var hash = link.IndexOf('#', StringComparison.Ordinal);
            var target = hash < 0 ? link : link[..hash];
            var anchor = hash < 0 ? null : link[(hash + 1)..];
            var path = target.Length == 0 ? file.Path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file.Path)!, Uri.UnescapeDataString(target)));
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                broken.Add($"{link}: no file {Path.GetRelativePath(RepositoryFiles.Root, path)}");
            }
            else if (anchor is not null && path.EndsWith(".md", StringComparison.Ordinal) && !MarkdownFile.Load(path).Anchors.Contains(anchor))
            {
                broken.Add($"{link}: no heading #{anchor} in {Path.GetRelativePath(RepositoryFiles.Root, path)}");
            }
        }
        Assert.True(file.Links.Count > 0, $"{page} has no links");
        Assert.True(broken.Count == 0, $"{page}:\n" + string.Join("\n", broken));
    }

    [Theory]
    [InlineData("Data rights (GDPR) and retention", "data-rights-gdpr-and-retention")]
    [InlineData("The `hermesx` command", "the-hermesx-command")]
    [InlineData("Where a turn's time goes", "where-a-turns-time-goes")]
    [InlineData("Tenancy: row-level security", "tenancy-row-level-security")]
    public void AnchorsAreMadeAsGitHubMakesThem(string heading, string anchor) => Assert.Equal(anchor, MarkdownFile.Slug(heading));
}
