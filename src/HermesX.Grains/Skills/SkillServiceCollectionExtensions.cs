using HermesX.Grains.Agent;
using HermesX.Grains.Resilience;
using HermesX.Grains.Store;
using HermesX.Grains.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly.Registry;

using HermesX.Grains.Tenants;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Abstractions.Diagnostics;
using HermesX.Grains.Abstractions.Skills;

namespace HermesX.Grains.Skills;

public static class SkillServiceCollectionExtensions
{
    /// <summary>The object store (S3 when configured, else a local directory), skills, persona, skill_view and the prompt part.</summary>
    public static IServiceCollection AddHermesSkills(this IServiceCollection services, ObjectStoreOptions options)
    {
        services.AddSingleton(options);
        services.AddHermesResilience();
        services.AddSingleton<IObjectStore>(sp => new ObservedObjectStore(
            options.UsesS3
                ? new MinioObjectStore(options, sp.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(HermesResilience.ObjectStore))
                : new LocalDirectoryObjectStore(options.LocalDirectory)));
        services.AddSingleton<BundledSkills>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SkillStore>();
        services.AddSingleton<SkillLibrary>();
        services.AddSingleton<ISkillLibrary>(sp => sp.GetRequiredService<SkillLibrary>());
        services.AddSingleton<ITenantDataHolder>(sp => sp.GetRequiredService<SkillLibrary>());
        services.AddSingleton<ISystemPromptContributor, SkillPromptContributor>();
        services.AddServerTool<SkillViewTool>();
        services.AddHostedService<ObjectStoreStartup>();
        return services;
    }
}

/// <summary>Creates the bucket or directory at start; a store that is down now is retried on first use.</summary>
internal sealed class ObjectStoreStartup(IObjectStore store, BundledSkills bundled, ILogger<ObjectStoreStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await store.EnsureReadyAsync(timeout.Token);
            logger.LogInformation("Skills and personas are stored in {Location} ({Count} bundled objects)", store.Location, bundled.Objects.Count);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Object store {Location} is not ready yet ({Error}); it is retried on first use", store.Location, e.GetType().Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
