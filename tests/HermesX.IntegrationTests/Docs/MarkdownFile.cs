using System.Text;
using System.Text.RegularExpressions;

namespace HermesX.IntegrationTests.Docs;

/// <summary>A Markdown file as a reader meets it: its heading anchors (as GitHub makes them) and its links, code left out.</summary>
public sealed partial class MarkdownFile
{
    private MarkdownFile(string path, IReadOnlySet<string> anchors, IReadOnlyList<string> links) => (Path, Anchors, Links) = (path, anchors, links);

    public string Path { get; }

    public IReadOnlySet<string> Anchors { get; }

    /// <summary>Every link and image target, in order.</summary>
    public IReadOnlyList<string> Links { get; }

    public static MarkdownFile Load(string path)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        // Links are read a paragraph at a time: a link's text may wrap onto the next line.
        var paragraph = new StringBuilder();
        var links = new List<string>();
        void EndParagraph()
        {
            links.AddRange(Link().Matches(CodeSpan().Replace(paragraph.ToString(), "")).Select(m => m.Groups[1].Value));
            paragraph.Clear();
        }
        var fenced = false;
        foreach (var line in File.ReadLines(path))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                EndParagraph();
                fenced = !fenced;
            }
            else if (fenced)
            {
                continue;
            }
            else if (Heading().Match(line) is { Success: true } heading)
            {
                EndParagraph();
                // GitHub numbers a repeated heading's anchor: x, x-1, x-2.
                var slug = Slug(heading.Groups[1].Value);
                var n = seen.GetValueOrDefault(slug);
                seen[slug] = n + 1;
                anchors.Add(n == 0 ? slug : $"{slug}-{n}");
                paragraph.Append(line);
                EndParagraph();
            }
            else if (line.Trim().Length == 0)
            {
                EndParagraph();
            }
            else
            {
                paragraph.Append(line).Append(' ');
            }
        }
        EndParagraph();
        return new MarkdownFile(path, anchors, links);
    }

    /// <summary>GitHub's heading anchor: the rendered text in lower case, spaces as hyphens, punctuation other than - and _ dropped.</summary>
    public static string Slug(string heading)
    {
        var text = Link().Replace(heading, m => m.Value[1..m.Value.IndexOf(']', StringComparison.Ordinal)]).Replace("`", "").Trim().ToLowerInvariant();
        var slug = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }
        return slug.ToString();
    }

    [GeneratedRegex(@"^#{1,6} +(.+?) *#*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"!?\[[^\]]*\]\(([^)\s]+)(?: ""[^""]*"")?\)")]
    private static partial Regex Link();
}
