using HermesX.Deploy.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace HermesX.Deploy.Tests.Helm;

public sealed class HelmChartTests
{
    public static TheoryData<string> TemplateFiles() => new(HelmChart.TemplateFiles().Select(Repository.Relative));

    public static TheoryData<string> ManifestTemplates() => new(HelmChart.ManifestTemplates().Select(Repository.Relative));

    public static TheoryData<string> SeedKeys() => new(SeedValues.Defaults.Keys);

    [Fact]
    public void ChartIsNamedHermesxAndUsesApiVersion2()
    {
        var chart = Yaml.LoadMapping(Repository.PathOf($"{HelmChart.Folder}/Chart.yaml"));

        Assert.Equal("v2", Yaml.Scalar(Yaml.Get(chart, "apiVersion")));
        Assert.Equal("hermesx", Yaml.Scalar(Yaml.Get(chart, "name")));
        Assert.False(string.IsNullOrEmpty(Yaml.Scalar(Yaml.Get(chart, "appVersion"))));
    }

    [Theory]
    [MemberData(nameof(TemplateFiles))]
    public void EveryValueATemplateReadsExistsInValuesYaml(string template)
    {
        var values = HelmChart.Values();
        var text = File.ReadAllText(Repository.PathOf(template));

        var missing = HelmChart.ValuesReferences(text).Where(path => Yaml.At(values, path) is null).ToList();

        Assert.True(missing.Count == 0, $"{template} reads values that values.yaml lacks: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(SeedKeys))]
    public void SeedKeyKeepsItsDocumentedDefault(string key)
    {
        var node = Yaml.At(HelmChart.Values(), key);

        Assert.True(node is not null, $"values.yaml lacks {key}");
        var actual = node is YamlSequenceNode sequence
            ? $"[{string.Join(", ", sequence.Children.Select(Yaml.Scalar))}]"
            : Yaml.Scalar(node);
        Assert.Equal(SeedValues.Defaults[key], actual);
    }

    [Theory]
    [MemberData(nameof(SeedKeys))]
    public void SeedKeyIsUsedBySomeTemplate(string key)
    {
        // A template reading the key itself or a whole parent (toYaml .Values.resources,
        // range over .Values.env) consumes it.
        var used = HelmChart.TemplateFiles()
            .SelectMany(file => HelmChart.ValuesReferences(File.ReadAllText(file)))
            .Any(reference => key == reference || key.StartsWith(reference + ".", StringComparison.Ordinal));

        Assert.True(used, $"no template reads .Values.{key}");
    }

    [Theory]
    [MemberData(nameof(ManifestTemplates))]
    public void TemplateIsWellFormedYamlOnceActionsAreStripped(string template)
    {
        var stripped = HelmChart.StripActions(File.ReadAllText(Repository.PathOf(template)));

        var documents = Yaml.LoadAll(stripped);

        Assert.All(documents.Where(doc => doc.RootNode is YamlMappingNode), doc =>
        {
            Assert.NotNull(Yaml.Get(doc.RootNode, "apiVersion"));
            Assert.NotNull(Yaml.Get(doc.RootNode, "kind"));
        });
    }

    [Fact]
    public void EveryIncludedTemplateIsDefined()
    {
        var texts = HelmChart.TemplateFiles().Select(File.ReadAllText).ToList();
        var defined = texts.SelectMany(HelmChart.DefinedTemplateNames).ToHashSet(StringComparer.Ordinal);

        var undefined = texts.SelectMany(HelmChart.IncludedTemplateNames).Where(name => !defined.Contains(name)).ToList();

        Assert.True(undefined.Count == 0, $"included but never defined: {string.Join(", ", undefined)}");
    }
}
