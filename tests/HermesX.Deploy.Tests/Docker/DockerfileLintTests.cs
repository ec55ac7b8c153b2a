using System.Text.RegularExpressions;
using HermesX.Deploy.Tests.Infrastructure;
using HermesX.Deploy.Tests.Tools;

namespace HermesX.Deploy.Tests.Docker;

/// <summary>Every Dockerfile through a Dockerfile linter, plus the image rules no linter here knows.</summary>
public sealed partial class DockerfileLintTests
{
    public static TheoryData<string> Dockerfiles() => new(Dockerfile.All().Select(Repository.Relative));

    /// <summary>Images for Kubernetes, where the kubelet's probes (deploy/helm/hermesx) check health.</summary>
    private static bool IsProbedByKubernetes(string file) => file.Contains(".k8s", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public async Task DockerfilePassesTheLinter(string file)
    {
        var result = await DeployTools.LintDockerfileAsync(file);

        Assert.True(result.Succeeded, result.Describe());
    }

    [Fact]
    public async Task LinterReportsAnUnknownInstruction()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "FROM debian:12\nRUNN echo hi\n");

            var result = await DeployTools.LintDockerfileAsync(file);

            Assert.False(result.Succeeded, result.Describe());
            Assert.Contains("Unknown instruction: RUNN", result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void EveryBaseImageHasAConcreteTag(string file)
    {
        var dockerfile = Dockerfile.Load(Repository.PathOf(file));
        var stageNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var unpinned = new List<string>();
        foreach (var from in dockerfile.Arguments("FROM"))
        {
            var words = from.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(word => !word.StartsWith("--", StringComparison.Ordinal)).ToList();
            var image = words[0];
            if (!stageNames.Contains(image) && !ConcreteTag().IsMatch(image))
            {
                unpinned.Add(image);
            }

            if (words.Count == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase))
            {
                stageNames.Add(words[2]);
            }
        }

        Assert.True(unpinned.Count == 0, $"{file}: base images without a version tag: {string.Join(", ", unpinned)}");
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void ImageWithoutAnOrchestratorProbeChecksItsOwnHealth(string file)
    {
        var checks = Dockerfile.Load(Repository.PathOf(file)).Arguments("HEALTHCHECK").ToList();

        if (IsProbedByKubernetes(file))
        {
            // The kubelet ignores HEALTHCHECK; these images carry no curl to run one.
            Assert.Empty(checks);
        }
        else
        {
            var check = Assert.Single(checks);
            Assert.Contains("http://127.0.0.1:8080/health/live", check, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void PackageInstallsAddNothingUnaskedAndLeaveNoPackageLists(string file)
    {
        var installs = Dockerfile.Load(Repository.PathOf(file)).Arguments("RUN")
            .Where(run => run.Contains("apt-get install", StringComparison.Ordinal))
            .ToList();

        Assert.All(installs, run =>
        {
            Assert.Contains("--no-install-recommends", run, StringComparison.Ordinal);
            Assert.Contains("rm -rf /var/lib/apt/lists/*", run, StringComparison.Ordinal);
        });
    }

    // name:tag or name@sha256:digest, where the tag is not "latest".
    [GeneratedRegex(@"^[^:@\s]+(:(?!latest$)[A-Za-z0-9_][A-Za-z0-9_.-]*|@sha256:[0-9a-f]{64})$")]
    private static partial Regex ConcreteTag();
}
