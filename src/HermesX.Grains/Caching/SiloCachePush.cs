using Microsoft.Extensions.Logging;

namespace HermesX.Grains.Caching;

/// <summary>
/// Tells every silo in the cluster that a tenant or key changed, and returns once each has
/// forgotten it (or could not be reached within <see cref="Patience"/>; its copy then ages out
/// within <see cref="SiloCache.MaxAge"/>). Owners call it before acknowledging a change.
/// </summary>
public sealed class SiloCachePush(IGrainFactory grains, IClusterMembershipService membership, ILogger<SiloCachePush> log)
{
    /// <summary>How long a change waits for one silo; a dead silo is dropped from membership within seconds anyway.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    public Task TenantChangedAsync(string tenantId) => PushAsync(silo => silo.DropTenantAsync(tenantId), "tenant");

    public Task KeyChangedAsync(string keyHash) => PushAsync(silo => silo.DropKeyAsync(keyHash), "key");

    public Task SkillsChangedAsync(string tenantId) => PushAsync(silo => silo.DropSkillsAsync(tenantId), "skill index");

    public Task McpServersChangedAsync(string tenantId) => PushAsync(silo => silo.DropTenantToolsAsync(tenantId), "MCP server");

    private Task PushAsync(Func<ISiloCacheGrain, Task> drop, string what) =>
        Task.WhenAll(membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(async m =>
            {
                try
                {
                    await drop(grains.GetGrain<ISiloCacheGrain>(m.SiloAddress.ToParsableString())).WaitAsync(Patience);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning("Silo {Silo} was not told of a {What} change ({Error}); its copy expires within {MaxAge}",
                        m.Name, what, e.GetType().Name, SiloCache.MaxAge);
                }
            }));
}
