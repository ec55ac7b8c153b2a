using HermesX.Grains.Abstractions.Skills;
using Microsoft.Extensions.Logging;

namespace HermesX.Grains.Skills;

/// <summary>
/// Tenants' skills and personas in the object store, by the layout of <see cref="SkillKeys"/>.
/// No caching here: reads through the cache go via <see cref="ISkillIndexGrain"/>, writes via
/// <see cref="SkillLibrary"/>, which also invalidates it.
/// </summary>
public sealed class SkillStore(IObjectStore store, BundledSkills bundled, TimeProvider time, ILogger<SkillStore> logger)
{
    public const string MarkdownType = "text/markdown; charset=utf-8";
    private const int ReadParallelism = 8;

    public IObjectStore Objects => store;

    /// <summary>The skill, or null when absent (or stored in a form that no longer parses, which is logged).</summary>
    public async Task<StoredSkill?> GetSkillAsync(string tenantId, string name, CancellationToken ct)
    {
        if (await store.GetAsync(SkillKeys.Skill(tenantId, name), ct) is not { } obj)
        {
            return null;
        }
        if (SkillDocument.TryParse(obj.Content, out var problem) is { } doc && doc.Meta.Name == name)
        {
            return new StoredSkill(doc, obj.LastModified);
        }
        logger.LogWarning("Ignoring invalid stored skill {Key}: {Problem}", obj.Key, problem?.Message ?? "name does not match its path");
        return null;
    }

    public Task<bool> SkillExistsAsync(string tenantId, string name, CancellationToken ct) =>
        store.ExistsAsync(SkillKeys.Skill(tenantId, name), ct);

    public Task PutSkillAsync(string tenantId, SkillDocument doc, CancellationToken ct) =>
        store.PutAsync(SkillKeys.Skill(tenantId, doc.Meta.Name), doc.Raw, MarkdownType, ct);

    public Task<bool> DeleteSkillAsync(string tenantId, string name, CancellationToken ct) =>
        store.DeleteAsync(SkillKeys.Skill(tenantId, name), ct);

    public Task<StoredObject?> GetPersonaAsync(string tenantId, CancellationToken ct) =>
        store.GetAsync(SkillKeys.Persona(tenantId), ct);

    public Task PutPersonaAsync(string tenantId, string content, CancellationToken ct) =>
        store.PutAsync(SkillKeys.Persona(tenantId), content, MarkdownType, ct);

    /// <summary>Reads the persona and every skill's front matter (a few objects at a time).</summary>
    public async Task<SkillIndex> LoadIndexAsync(string tenantId, CancellationToken ct)
    {
        var names = (await store.ListAsync(SkillKeys.SkillsPrefix(tenantId), ct))
            .Select(e => SkillKeys.NameOf(tenantId, e.Key))
            .OfType<string>()
            .ToList();
        using var gate = new SemaphoreSlim(ReadParallelism);
        var skills = await Task.WhenAll(names.Select(async name =>
        {
            await gate.WaitAsync(ct);
            try
            {
                return await GetSkillAsync(tenantId, name, ct);
            }
            finally
            {
                gate.Release();
            }
        }));
        var persona = await GetPersonaAsync(tenantId, ct);
        return new SkillIndex(persona?.Content, persona?.LastModified, skills
            .OfType<StoredSkill>()
            .Select(s => new SkillSummary(s.Document.Meta.Name, s.Document.Meta.Description, s.Document.Meta.Version, s.Document.Meta.Tags, s.UpdatedAt))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList());
    }

    /// <summary>
    /// Copies the bundled skills and default persona into the tenant's prefix, skipping every
    /// object the tenant already has, then marks the tenant provisioned. Returns how many were written.
    /// </summary>
    public async Task<int> ProvisionAsync(string tenantId, CancellationToken ct)
    {
        var written = 0;
        foreach (var (relative, content) in bundled.Objects)
        {
            var key = SkillKeys.TenantPrefix(tenantId) + relative;
            if (!await store.ExistsAsync(key, ct))
            {
                await store.PutAsync(key, content, MarkdownType, ct);
                written++;
            }
        }
        await store.PutAsync(SkillKeys.ProvisionedMarker(tenantId), time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture), "text/plain", ct);
        return written;
    }

    /// <summary>
    /// Provisions a tenant that never was (created while the store was down, or before skills
    /// existed). The marker stays after the tenant deletes bundled skills, so they do not come back.
    /// </summary>
    public async Task EnsureProvisionedAsync(string tenantId, CancellationToken ct)
    {
        if (!await store.ExistsAsync(SkillKeys.ProvisionedMarker(tenantId), ct))
        {
            await ProvisionAsync(tenantId, ct);
        }
    }

    /// <summary>Removes every object of the tenant (skills, persona, marker); returns how many.</summary>
    public Task<int> DeleteTenantObjectsAsync(string tenantId, CancellationToken ct) =>
        store.DeletePrefixAsync(SkillKeys.TenantPrefix(tenantId), ct);
}
