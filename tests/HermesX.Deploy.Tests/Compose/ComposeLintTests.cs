using HermesX.Deploy.Tests.Infrastructure;
using HermesX.Deploy.Tests.Tools;

namespace HermesX.Deploy.Tests.Compose;

/// <summary>Every Compose file as dclint (Compose Specification schema plus good practice) reads it.</summary>
public sealed class ComposeLintTests
{
    /// <summary>The only service allowed to listen beyond loopback: the stack's load balancer.</summary>
    private const string PublicEntryPoint = "nginx";

    public static TheoryData<string> ComposeFiles() => new(ComposeFile.All().Select(Repository.Relative));

    [Theory]
    [MemberData(nameof(ComposeFiles))]
    public async Task ComposeFilePassesDclintWithoutWarnings(string file)
    {
        var result = await DeployTools.DclintAsync("--max-warnings", "0", file);

        Assert.True(result.Succeeded, result.Describe());
    }

    [Fact]
    public async Task DclintRefusesUnpinnedImagesPublicPortsAndBuildBesideImage()
    {
        var folder = Directory.CreateTempSubdirectory("hermesx-dclint-");
        try
        {
            var file = Path.Combine(folder.FullName, "docker-compose.yml");
            await File.WriteAllTextAsync(file, """
                services:
                  minio:
                    image: minio/minio:latest
                    ports:
                      - "9000:9000"
                  api:
                    build: .
                    image: example/api:1.0.0
                """);

            var result = await DeployTools.DclintAsync(file);

            Assert.False(result.Succeeded, result.Describe());
            Assert.Contains("service-image-require-explicit-tag", result.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("no-unbound-port-interfaces", result.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("no-build-and-image", result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(ComposeFiles))]
    public void OnlyTheLoadBalancerListensBeyondLoopback(string file)
    {
        var compose = ComposeFile.Load(Repository.PathOf(file));

        var exposed = compose.Services.Keys
            .Where(service => service != PublicEntryPoint)
            .SelectMany(service => compose.PublishedPorts(service).Select(port => (service, port)))
            .Where(entry => !entry.port.StartsWith("127.0.0.1:", StringComparison.Ordinal))
            .Select(entry => $"{entry.service} {entry.port}")
            .ToList();

        Assert.True(exposed.Count == 0, $"{file} publishes beyond 127.0.0.1: {string.Join(", ", exposed)}");
    }
}
