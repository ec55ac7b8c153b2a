using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Resilience;
using HermesX.Grains.Skills;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.Registry;

namespace HermesX.Testing;

/// <summary>The S3 object store as the service builds it: with the retry pipeline from HermesX's resilience registry.</summary>
public static class TestObjectStores
{
    private static readonly Lazy<ServiceProvider> Services = new(() => new ServiceCollection().AddHermesResilience().BuildServiceProvider());

    public static ResiliencePipeline ObjectStoreRetry =>
        Services.Value.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(HermesResilience.ObjectStore);

    public static MinioObjectStore Minio(ObjectStoreOptions options) => new(options, ObjectStoreRetry);
}
