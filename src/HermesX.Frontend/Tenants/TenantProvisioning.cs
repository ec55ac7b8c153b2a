namespace HermesX.Frontend.Tenants;

/// <summary>
/// Runs after a tenant is created. Features that give a new tenant something of its own (bundled
/// skills, a default persona) register an <see cref="ITenantProvisioner"/>.
/// </summary>
public sealed class TenantProvisioning(IEnumerable<ITenantProvisioner> provisioners)
{
    public async Task ProvisionAsync(string tenantId, CancellationToken ct = default)
    {
        foreach (var p in provisioners)
        {
            await p.ProvisionAsync(tenantId, ct);
        }
    }
}

public interface ITenantProvisioner
{
    Task ProvisionAsync(string tenantId, CancellationToken ct);
}
