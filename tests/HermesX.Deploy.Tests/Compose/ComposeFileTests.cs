using System.Text.RegularExpressions;
using HermesX.Deploy.Tests.Infrastructure;

namespace HermesX.Deploy.Tests.Compose;

public sealed partial class ComposeFileTests
{
    public static TheoryData<string> ComposeFiles() => new(ComposeFile.All().Select(Repository.Relative));

    [Fact]
    public void EveryComposeFileOfTheGuideExists()
    {
        var present = ComposeFile.All().Select(Repository.Relative).ToHashSet();

        string[] expected =
        [
            "docker-compose.quickstart.yml", "docker-compose.dev.yml", "docker-compose.prod.yml",
            "docker-compose.saas.yml", "docker-compose.test.yml", "docker-compose.webui.yml",
            "deploy/docker-compose.multi-replica.yml",
        ];
        Assert.All(expected, file => Assert.Contains(file, present));
    }

    [Theory]
    [MemberData(nameof(ComposeFiles))]
    public void EveryBindMountedPathExists(string file)
    {
        var compose = ComposeFile.Load(Repository.PathOf(file));

        var missing = compose.Services.Keys
            .SelectMany(service => compose.BindMountSources(service).Select(source => (service, source)))
            .Where(mount => !Path.Exists(Path.GetFullPath(Path.Combine(compose.Folder, mount.source))))
            .Select(mount => $"{mount.service}: {mount.source}")
            .ToList();

        Assert.True(missing.Count == 0, $"{file} mounts paths that do not exist: {string.Join("; ", missing)}");
    }

    [Theory]
    [MemberData(nameof(ComposeFiles))]
    public void EveryBuildPointsAtAnExistingDockerfile(string file)
    {
        var compose = ComposeFile.Load(Repository.PathOf(file));

        foreach (var service in compose.Services.Keys)
        {
            if (compose.Build(service) is var (context, dockerfile))
            {
                Assert.True(Directory.Exists(context), $"{file} {service}: build context {context} does not exist");
                Assert.True(File.Exists(dockerfile), $"{file} {service}: {dockerfile} does not exist");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ComposeFiles))]
    public void HermesxNeverConnectsAsTheDatabaseSuperuser(string file)
    {
        // A superuser (or BYPASSRLS role) skips row-level security; the app must use `hermes`.
        var compose = ComposeFile.Load(Repository.PathOf(file));

        foreach (var service in compose.HermesxServices())
        {
            var url = compose.Environment(service).GetValueOrDefault("DATABASE_URL");
            Assert.False(url is null, $"{file} {service} sets no DATABASE_URL");
            Assert.Equal("hermes", DatabaseUser().Match(url).Groups[1].Value);
        }
    }

    [Theory]
    [InlineData("docker-compose.quickstart.yml", "hermesx postgres redis minio bootstrap", "8080", "hermesx", "curl /health/ready")]
    [InlineData("docker-compose.dev.yml", "hermesx-gateway postgres redis minio", "8080", null, null)]
    [InlineData("docker-compose.prod.yml", "hermesx-saas postgres redis minio otel-collector jaeger nginx", "8080 8081", "hermesx-saas", "/health/live")]
    [InlineData("docker-compose.saas.yml", "hermesx-saas postgres redis minio hermesx-webui bootstrap", "8080 3000", "hermesx-saas", "curl /health/ready")]
    [InlineData("docker-compose.test.yml", "postgres-test redis-test minio-test", "", "postgres-test", "pg_isready")]
    [InlineData("docker-compose.webui.yml", "hermesx-webui", "3000", null, null)]
    [InlineData("deploy/docker-compose.multi-replica.yml", "hermesx-1 hermesx-2 hermesx-3 nginx postgres redis minio", "8080 8081", "hermesx-1", "/health/ready")]
    public void StackHasTheServicesPortsAndHealthCheckOfTheGuide(
        string file, string services, string hostPorts, string? checkedService, string? healthcheckWords)
    {
        var compose = ComposeFile.Load(Repository.PathOf(file));

        Assert.All(services.Split(' '), service => Assert.Contains(service, compose.Services.Keys));
        var published = compose.Services.Keys.SelectMany(compose.PublishedPorts).Select(port => port.Split(':')[^2]).ToHashSet();
        Assert.All(hostPorts.Split(' ', StringSplitOptions.RemoveEmptyEntries), port => Assert.Contains(port, published));
        if (checkedService is not null)
        {
            var check = compose.HealthcheckText(checkedService);
            Assert.All(healthcheckWords!.Split(' '), word => Assert.Contains(word, check, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void TestStackKeepsItsDataOnTmpfs()
    {
        var compose = ComposeFile.Load(Repository.PathOf("docker-compose.test.yml"));

        Assert.All(compose.Services.Values, service => Assert.NotEmpty(Yaml.Items(Yaml.Get(service, "tmpfs"))));
    }

    [Theory]
    [InlineData("deploy/nginx/prod.conf")]
    [InlineData("deploy/nginx/multi-replica.conf")]
    public void LoadBalancerUsesNoSessionAffinity(string config)
    {
        // Orleans routes every session to its single grain activation from any silo.
        var directives = File.ReadAllLines(Repository.PathOf(config))
            .Select(line => line.Split('#')[0])
            .Where(line => line.Contains("ip_hash", StringComparison.Ordinal) || line.Contains("sticky", StringComparison.Ordinal));

        Assert.Empty(directives);
    }

    [GeneratedRegex(@"^postgres(?:ql)?://([^:@/]+)")]
    private static partial Regex DatabaseUser();
}
