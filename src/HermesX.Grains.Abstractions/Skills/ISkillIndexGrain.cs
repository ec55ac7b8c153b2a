namespace HermesX.Grains.Abstractions.Skills;

/// <summary>
/// The single cluster-wide cache of one tenant's skill index and persona (key: tenant id). Every
/// silo reads through it, and every write through the API invalidates it, so the next turn on any
/// silo sees an edit.
/// </summary>
[Alias("hermesx.ISkillIndexGrain")]
public interface ISkillIndexGrain : IGrainWithStringKey
{
    /// <summary>The tenant's persona and skills, loaded from the object store when not cached.</summary>
    [Alias("Get")]
    Task<SkillIndex> GetAsync();

    /// <summary>Drops the cached index; the next read loads it again.</summary>
    [Alias("Invalidate")]
    Task InvalidateAsync();
}

/// <summary>One skill's front matter and when its SKILL.md last changed.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.SkillSummary")]
public sealed record SkillSummary(
    [property: Id(0)] string Name,
    [property: Id(1)] string Description,
    [property: Id(2)] string? Version,
    [property: Id(3)] IReadOnlyList<string> Tags,
    [property: Id(4)] DateTimeOffset UpdatedAt);

/// <summary>A tenant's persona (SOUL.md; null when it has none) and its skills sorted by name.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.SkillIndex")]
public sealed record SkillIndex(
    [property: Id(0)] string? Persona,
    [property: Id(1)] DateTimeOffset? PersonaUpdatedAt,
    [property: Id(2)] IReadOnlyList<SkillSummary> Skills);
