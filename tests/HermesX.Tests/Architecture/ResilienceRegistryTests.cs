using HermesX.Grains.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly.Registry;
using Polly.Telemetry;

namespace HermesX.Tests.Architecture;

/// <summary>The service's resilience pipelines come from one Polly registry, wired once however many parts ask for it.</summary>
public sealed class ResilienceRegistryTests
{
    [Fact]
    public async Task TheObjectStoreRetryIsTheRegistrysAndTheRegistryIsWiredOnce()
    {
        await using var app = UnstartedHost.Build(("MINIO_ENDPOINT", "127.0.0.1:1"), ("MINIO_ACCESS_KEY", "ak"), ("MINIO_SECRET_KEY", "sk"));
        var registry = app.Services.GetRequiredService<ResiliencePipelineRegistry<string>>();
        Assert.True(registry.TryGetPipeline(HermesResilience.ObjectStore, out var pipeline));
        Assert.Same(pipeline, app.Services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(HermesResilience.ObjectStore));
        Assert.Single(app.Services.GetServices<ResiliencePipelineRegistry<string>>());
    }

    [Fact]
    public async Task PollyWritesNoLogLinesOfItsOwn()
    {
        await using var app = UnstartedHost.Build();
        Assert.Same(NullLoggerFactory.Instance, app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.LoggerFactory);
    }
}
