using System.Text.RegularExpressions;
using HermesX.Deploy.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace HermesX.Deploy.Tests.Helm;

/// <summary>The chart in deploy/helm/hermesx read as text, for checks on the templates themselves (RenderedChart has what helm renders).</summary>
public static partial class HelmChart
{
    public const string Folder = "deploy/helm/hermesx";

    public static string TemplatesFolder => Repository.PathOf($"{Folder}/templates");

    public static YamlMappingNode Values() => Yaml.LoadMapping(Repository.PathOf($"{Folder}/values.yaml"));

    /// <summary>Every file under templates/ (manifests, _helpers.tpl, NOTES.txt).</summary>
    public static IEnumerable<string> TemplateFiles() =>
        Directory.EnumerateFiles(TemplatesFolder).Order(StringComparer.Ordinal);

    /// <summary>The manifest templates, i.e. the files helm renders into Kubernetes objects.</summary>
    public static IEnumerable<string> ManifestTemplates() =>
        TemplateFiles().Where(file => file.EndsWith(".yaml", StringComparison.Ordinal));

    /// <summary>Every .Values path a template reads, e.g. "autoscaling.minReplicas".</summary>
    public static IEnumerable<string> ValuesReferences(string templateText) =>
        ValuesReference().Matches(templateText).Select(match => match.Groups[1].Value.TrimStart('.')).Distinct();

    public static IEnumerable<string> IncludedTemplateNames(string text) =>
        IncludeCall().Matches(text).Select(match => match.Groups[1].Value).Distinct();

    public static IEnumerable<string> DefinedTemplateNames(string text) =>
        DefineCall().Matches(text).Select(match => match.Groups[1].Value);

    /// <summary>
    /// The template with its Go-template actions taken out: a line holding nothing but actions is
    /// dropped, an action inside a line becomes a placeholder scalar. Both branches of every
    /// conditional stay, so a well-formed template must still parse as YAML.
    /// </summary>
    public static string StripActions(string templateText)
    {
        var withoutComments = TemplateComment().Replace(templateText, string.Empty);
        var lines = withoutComments.Split('\n')
            .Where(line => !ActionOnlyLine().IsMatch(line))
            .Select(line => Action().Replace(line, "x"));
        return string.Join('\n', lines);
    }

    [GeneratedRegex(@"\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")]
    private static partial Regex ValuesReference();

    [GeneratedRegex(@"include\s+""([^""]+)""")]
    private static partial Regex IncludeCall();

    [GeneratedRegex(@"define\s+""([^""]+)""")]
    private static partial Regex DefineCall();

    [GeneratedRegex(@"\{\{-?\s*/\*.*?\*/\s*-?\}\}", RegexOptions.Singleline)]
    private static partial Regex TemplateComment();

    [GeneratedRegex(@"^\s*(\{\{.*?\}\}\s*)+\r?$")]
    private static partial Regex ActionOnlyLine();

    [GeneratedRegex(@"\{\{.*?\}\}")]
    private static partial Regex Action();
}
