using HermesX.Frontend.Hosting;
using Xunit;

namespace HermesX.Tests.Architecture;

/// <summary>
/// The HTTP frontend speaks to the grains only through their contract: writes go to the grain that
/// owns them, reads through the query interfaces declared beside the grain interfaces.
/// </summary>
public sealed class FrontendBoundaryTests
{
    private static readonly string[] References =
        [.. typeof(FrontendExtensions).Assembly.GetReferencedAssemblies().Select(a => a.Name!)];

    [Fact]
    public void TheFrontendReferencesTheGrainContractsAndNotTheGrains()
    {
        Assert.Contains("HermesX.Grains.Abstractions", References);
        Assert.DoesNotContain("HermesX.Grains", References);
    }

    [Theory]
    [InlineData("Npgsql")]
    [InlineData("Minio")]
    [InlineData("OpenAI")]
    [InlineData("Anthropic")]
    public void TheFrontendReachesNoStoreOrProviderClientDirectly(string library) =>
        Assert.DoesNotContain(References, r => r.StartsWith(library, StringComparison.Ordinal));
}
