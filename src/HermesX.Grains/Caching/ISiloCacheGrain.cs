namespace HermesX.Grains.Caching;

/// <summary>One silo's <see cref="SiloCache"/>, reachable from any silo (key: the silo's address, see <see cref="SiloPlacement"/>).</summary>
[Alias("hermesx.ISiloCacheGrain")]
public interface ISiloCacheGrain : IGrainWithStringKey
{
    /// <summary>Forgets the tenant's record and the keys resolved against it.</summary>
    [Alias("DropTenant")]
    Task DropTenantAsync(string tenantId);

    /// <summary>Forgets one key's resolution (key: SHA-256 hex of the raw key).</summary>
    [Alias("DropKey")]
    Task DropKeyAsync(string keyHash);

    /// <summary>Forgets the tenant's skill index.</summary>
    [Alias("DropSkills")]
    Task DropSkillsAsync(string tenantId);

    /// <summary>Forgets the tenant's tools from other sources (its MCP servers).</summary>
    [Alias("DropTenantTools")]
    Task DropTenantToolsAsync(string tenantId);
}

[GrainType("silocache"), SiloPlacement, Orleans.Concurrency.Reentrant]
public sealed class SiloCacheGrain(SiloCache cache, IEnumerable<HermesX.Grains.Tools.ITenantToolSource> tools) : Grain, ISiloCacheGrain
{
    Task ISiloCacheGrain.DropTenantAsync(string tenantId)
    {
        cache.DropTenant(tenantId);
        return Task.CompletedTask;
    }

    Task ISiloCacheGrain.DropKeyAsync(string keyHash)
    {
        cache.DropKey(keyHash);
        return Task.CompletedTask;
    }

    Task ISiloCacheGrain.DropSkillsAsync(string tenantId)
    {
        cache.DropSkills(tenantId);
        return Task.CompletedTask;
    }

    Task ISiloCacheGrain.DropTenantToolsAsync(string tenantId)
    {
        foreach (var source in tools)
        {
            source.Forget(tenantId);
        }
        return Task.CompletedTask;
    }
}
