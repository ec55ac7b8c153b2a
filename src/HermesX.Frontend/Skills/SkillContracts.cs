using HermesX.Grains.Abstractions.Skills;

namespace HermesX.Frontend.Skills;

/// <summary>A skill in a listing: its front matter and when it last changed.</summary>
public sealed record SkillSummaryResponse(string Name, string Description, string? Version, IReadOnlyList<string> Tags, DateTimeOffset UpdatedAt)
{
    public static SkillSummaryResponse From(SkillSummary s) => new(s.Name, s.Description, s.Version, s.Tags, s.UpdatedAt);
}

/// <summary>One skill: front matter fields, the Markdown body after it, and the whole SKILL.md as stored.</summary>
public sealed record SkillResponse(string Name, string Description, string? Version, IReadOnlyList<string> Tags, DateTimeOffset UpdatedAt,
    string Body, string Raw)
{
    public static SkillResponse From(StoredSkill s) => new(s.Document.Meta.Name, s.Document.Meta.Description, s.Document.Meta.Version,
        s.Document.Meta.Tags, s.UpdatedAt, s.Document.Body, s.Document.Raw);
}

/// <summary>The tenant's persona (SOUL.md).</summary>
public sealed record PersonaResponse(string Content, DateTimeOffset UpdatedAt);

/// <summary>JSON form of a write: <c>{"content": "&lt;whole SKILL.md or SOUL.md&gt;"}</c>.</summary>
public sealed record ContentRequest(string? Content);
