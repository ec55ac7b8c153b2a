using HermesX.Frontend.Health;
using HermesX.Frontend.Tenants;
using Microsoft.Extensions.DependencyInjection;
using HermesX.Grains.Abstractions.Configuration;

namespace HermesX.Frontend.Skills;

public static class SkillsFrontendExtensions
{
    /// <summary>Provisioning of new tenants, and readiness of the object store when it is S3.</summary>
    public static IServiceCollection AddHermesSkillsApi(this IServiceCollection services, ObjectStoreOptions options)
    {
        services.AddSingleton<ITenantProvisioner, SkillsTenantProvisioner>();
        if (options.UsesS3)
        {
            services.AddHealthChecks().AddReadinessCheck<ObjectStoreReadinessCheck>("object_store", required: false);
        }
        return services;
    }
}
