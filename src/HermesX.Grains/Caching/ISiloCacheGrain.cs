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
}

[GrainType("silocache"), SiloPlacement, Orleans.Concurrency.Reentrant]
public sealed class SiloCacheGrain(SiloCache cache) : Grain, ISiloCacheGrain
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
}
