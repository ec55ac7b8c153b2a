using HermesX.Deploy.Tests.Infrastructure;

namespace HermesX.Deploy.Tests;

public sealed class YamlFileTests
{
    /// <summary>Every YAML file in the repository except Helm templates, which are Go templates (see HelmChartTests).</summary>
    public static TheoryData<string> YamlFiles() => new(
        Repository.Files(".yml", ".yaml")
            .Select(Repository.Relative)
            .Where(path => !(path.StartsWith("deploy/helm/", StringComparison.Ordinal) && path.Contains("/templates/", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(YamlFiles))]
    public void FileParses(string file)
    {
        var documents = Yaml.LoadAll(File.ReadAllText(Repository.PathOf(file)));

        Assert.NotEmpty(documents);
    }
}
