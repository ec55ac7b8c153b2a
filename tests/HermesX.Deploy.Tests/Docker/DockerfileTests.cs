using System.Xml.Linq;
using HermesX.Deploy.Tests.Infrastructure;

namespace HermesX.Deploy.Tests.Docker;

public sealed class DockerfileTests
{
    public static TheoryData<string> Dockerfiles() => new(Dockerfile.All().Select(Repository.Relative));

    [Fact]
    public void EveryImageVariantOfTheGuideExists()
    {
        var present = Dockerfile.All().Select(Repository.Relative).ToHashSet();

        Assert.All(
            ["Dockerfile", "Dockerfile.local", "Dockerfile.k8s", "Dockerfile.k8s-slim", "Dockerfile.saas"],
            name => Assert.Contains(name, present));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void EveryCopiedPathExistsAndIsInTheBuildContext(string file)
    {
        var dockerfile = Dockerfile.Load(Repository.PathOf(file));
        var ignore = DockerIgnore.Load(Repository.PathOf(".dockerignore"));

        Assert.All(dockerfile.ContextSources(), source =>
        {
            Assert.True(Path.Exists(Repository.PathOf(source)), $"{file} copies {source}, which does not exist");
            Assert.False(ignore.Excludes(source), $"{file} copies {source}, which .dockerignore excludes");
        });
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void RestoreStepCopiesEveryProjectTheExecutableNeeds(string file)
    {
        var copied = Dockerfile.Load(Repository.PathOf(file)).ContextSources().ToHashSet(StringComparer.Ordinal);

        var required = ProjectClosure("src/HermesX.Silo/HermesX.Silo.csproj")
            .Append("Directory.Build.props").Append("Directory.Packages.props");

        Assert.All(required, path => Assert.Contains(path, copied));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void ImageBuildsWithTheSdkAndRunsHermesxAsNonRoot(string file)
    {
        var dockerfile = Dockerfile.Load(Repository.PathOf(file));
        var stages = dockerfile.Arguments("FROM").ToList();

        Assert.Contains(stages, stage => stage.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0 ", StringComparison.Ordinal));
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", stages.Last(), StringComparison.Ordinal);
        var user = dockerfile.Arguments("USER").LastOrDefault();
        Assert.True(user is "$APP_UID" or "app", $"{file} must end as the non-root app user, not {user ?? "root"}");
        Assert.Contains("hermesx", dockerfile.Arguments("ENTRYPOINT").Single(), StringComparison.Ordinal);
        Assert.Equal("[\"saas-api\"]", dockerfile.Arguments("CMD").Single());
    }

    [Fact]
    public void SaasImageCarriesTheStaticFolder()
    {
        var dockerfile = Dockerfile.Load(Repository.PathOf("Dockerfile.saas"));

        Assert.Contains(dockerfile.Arguments("COPY"), copy => copy.EndsWith(" /static/", StringComparison.Ordinal));
        Assert.Contains(dockerfile.Arguments("ENV"), env => env.Contains("SAAS_STATIC_DIR=/static", StringComparison.Ordinal));
        Assert.True(File.Exists(Repository.PathOf("deploy/static/index.html")));
    }

    /// <summary>The project and every project it references, transitively, as repository paths.</summary>
    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            var folder = Path.GetDirectoryName(Repository.PathOf(current))!;
            foreach (var reference in XDocument.Load(Repository.PathOf(current)).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")!.Value.Replace('\\', '/');
                pending.Push(Repository.Relative(Path.GetFullPath(Path.Combine(folder, include))));
            }
        }

        return seen;
    }
}
