namespace HermesX.Grains.Abstractions.Skills;

/// <summary>A skill as stored, with when it last changed.</summary>
public sealed record StoredSkill(SkillDocument Document, DateTimeOffset UpdatedAt);

/// <summary>
/// A tenant's skills and persona in the object store; every write refreshes the tenant's
/// <see cref="ISkillIndexGrain"/> before it returns.
/// </summary>
public interface ISkillLibrary
{
    Task<SkillIndex> IndexAsync(string tenantId);

    Task<StoredSkill?> GetAsync(string tenantId, string name, CancellationToken ct);

    /// <summary>False when a skill of that name exists already.</summary>
    Task<bool> CreateAsync(string tenantId, SkillDocument doc, CancellationToken ct);

    /// <summary>True when the skill is new, false when it replaced one.</summary>
    Task<bool> PutAsync(string tenantId, SkillDocument doc, CancellationToken ct);

    Task<bool> DeleteAsync(string tenantId, string name, CancellationToken ct);

    Task<StoredObject?> GetPersonaAsync(string tenantId, CancellationToken ct);

    Task PutPersonaAsync(string tenantId, string content, CancellationToken ct);

    /// <summary>Copies the bundled skills and persona into a new tenant; returns how many objects it wrote.</summary>
    Task<int> ProvisionAsync(string tenantId, CancellationToken ct);

    /// <summary>True when <paramref name="error"/> means the object store cannot be reached (as opposed to a bad request).</summary>
    bool IsUnavailable(Exception error);
}
