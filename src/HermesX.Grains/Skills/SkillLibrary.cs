using System.Runtime.CompilerServices;
using HermesX.Grains.Abstractions.Skills;
using HermesX.Grains.Tenants;

namespace HermesX.Grains.Skills;

/// <summary>
/// What the API, provisioning and GDPR use: reads through the tenant's <see cref="ISkillIndexGrain"/>
/// cache, writes to the store and then invalidate that cache, so the next turn on any silo sees them.
/// </summary>
public sealed class SkillLibrary(SkillStore store, IGrainFactory grains) : ISkillLibrary, ITenantDataHolder
{
    string ITenantDataHolder.Name => "objects";

    public Task<SkillIndex> IndexAsync(string tenantId) => Index(tenantId).GetAsync();

    /// <summary>Read straight from the store: a skill's body is not cached.</summary>
    public Task<StoredSkill?> GetAsync(string tenantId, string name, CancellationToken ct) => store.GetSkillAsync(tenantId, name, ct);

    /// <summary>Creates the skill; false (nothing written) when one of that name exists.</summary>
    public async Task<bool> CreateAsync(string tenantId, SkillDocument doc, CancellationToken ct)
    {
        if (await store.SkillExistsAsync(tenantId, doc.Meta.Name, ct))
        {
            return false;
        }
        await store.PutSkillAsync(tenantId, doc, ct);
        await Index(tenantId).InvalidateAsync();
        return true;
    }

    /// <summary>Creates or replaces the skill; true when it was created.</summary>
    public async Task<bool> PutAsync(string tenantId, SkillDocument doc, CancellationToken ct)
    {
        var existed = await store.SkillExistsAsync(tenantId, doc.Meta.Name, ct);
        await store.PutSkillAsync(tenantId, doc, ct);
        await Index(tenantId).InvalidateAsync();
        return !existed;
    }

    public async Task<bool> DeleteAsync(string tenantId, string name, CancellationToken ct)
    {
        var deleted = await store.DeleteSkillAsync(tenantId, name, ct);
        await Index(tenantId).InvalidateAsync();
        return deleted;
    }

    public Task<StoredObject?> GetPersonaAsync(string tenantId, CancellationToken ct) => store.GetPersonaAsync(tenantId, ct);

    public async Task PutPersonaAsync(string tenantId, string content, CancellationToken ct)
    {
        await store.PutPersonaAsync(tenantId, content, ct);
        await Index(tenantId).InvalidateAsync();
    }

    /// <summary>Gives a new tenant the bundled skills and persona, never overwriting what it has.</summary>
    public async Task<int> ProvisionAsync(string tenantId, CancellationToken ct)
    {
        var written = await store.ProvisionAsync(tenantId, ct);
        await Index(tenantId).InvalidateAsync();
        return written;
    }

    /// <summary>GDPR purge and tenant hard delete: removes every object of the tenant; returns how many.</summary>
    public async Task<int> DeleteTenantObjectsAsync(string tenantId, CancellationToken ct = default)
    {
        var deleted = await store.DeleteTenantObjectsAsync(tenantId, ct);
        await Index(tenantId).InvalidateAsync();
        return deleted;
    }

    async IAsyncEnumerable<(string Key, string Content)> ITenantDataHolder.ExportAsync(string tenantId, [EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var entry in await store.Objects.ListAsync(SkillKeys.TenantPrefix(tenantId), ct))
        {
            if (await store.Objects.GetAsync(entry.Key, ct) is { } obj)
            {
                yield return (obj.Key, obj.Content);
            }
        }
    }

    Task<int> ITenantDataHolder.EraseAsync(string tenantId, CancellationToken ct) => DeleteTenantObjectsAsync(tenantId, ct);

    private ISkillIndexGrain Index(string tenantId) => grains.GetGrain<ISkillIndexGrain>(tenantId);

    public bool IsUnavailable(Exception error) => ObjectStoreErrors.IsUnavailable(error);
}
