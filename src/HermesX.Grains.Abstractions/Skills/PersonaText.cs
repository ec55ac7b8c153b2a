using System.Text;

namespace HermesX.Grains.Abstractions.Skills;

/// <summary>Rules for a persona (SOUL.md): free Markdown, not empty, and small, as it goes into every prompt.</summary>
public static class PersonaText
{
    public const int MaxBytes = 16 * 1024;

    public static SkillProblem? Validate(string? content) =>
        string.IsNullOrWhiteSpace(content) ? new("content", "the persona must not be empty")
        : Encoding.UTF8.GetByteCount(content) > MaxBytes ? new("content", $"the persona is larger than {MaxBytes / 1024} KiB")
        : null;
}
