using HermesX.Frontend.Tenants;
using Microsoft.Extensions.Logging;
using HermesX.Grains.Abstractions.Skills;

namespace HermesX.Frontend.Skills;

/// <summary>
/// Copies the bundled skills and default persona into a new tenant. A store outage does not fail
/// tenant creation: the tenant's first skill index load provisions it instead.
/// </summary>
public sealed class SkillsTenantProvisioner(ISkillLibrary library, ILogger<SkillsTenantProvisioner> logger) : ITenantProvisioner
{
    public async Task ProvisionAsync(string tenantId, CancellationToken ct)
    {
        try
        {
            var written = await library.ProvisionAsync(tenantId, ct);
            logger.LogInformation("Provisioned {Count} bundled skill objects for tenant {TenantId}", written, tenantId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Bundled skills for tenant {TenantId} not provisioned now; retried on first use", tenantId);
        }
    }
}
