using System.Text.RegularExpressions;

namespace HermesX.Grains.Abstractions.Skills;

/// <summary>
/// Skill names and the object key layout, in one place:
/// <c>{tenant}/skills/{name}/SKILL.md</c>, <c>{tenant}/SOUL.md</c> (persona) and
/// <c>{tenant}/.provisioned</c> (bundled content was copied in once).
/// </summary>
public static partial class SkillKeys
{
    public const int MaxNameLength = 64;
    public const string SkillFile = "SKILL.md";
    public const string PersonaFile = "SOUL.md";

    /// <summary>Lowercase letters, digits, '-' and '_', starting with a letter or digit: never a path.</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    public static string TenantPrefix(string tenantId) => Tenant(tenantId) + "/";

    public static string SkillsPrefix(string tenantId) => Tenant(tenantId) + "/skills/";

    public static string Skill(string tenantId, string name) =>
        IsValidName(name) ? $"{SkillsPrefix(tenantId)}{name}/{SkillFile}" : throw new ArgumentException($"invalid skill name '{name}'", nameof(name));

    public static string Persona(string tenantId) => $"{Tenant(tenantId)}/{PersonaFile}";

    public static string ProvisionedMarker(string tenantId) => $"{Tenant(tenantId)}/.provisioned";

    /// <summary>The skill name of a key under <see cref="SkillsPrefix"/>, or null for any other object.</summary>
    public static string? NameOf(string tenantId, string key)
    {
        var prefix = SkillsPrefix(tenantId);
        if (!key.StartsWith(prefix, StringComparison.Ordinal) || !key.EndsWith("/" + SkillFile, StringComparison.Ordinal))
        {
            return null;
        }
        var name = key[prefix.Length..^(SkillFile.Length + 1)];
        return IsValidName(name) ? name : null;
    }

    // Tenant ids are validated when tenants are created; this keeps a bad one from ever becoming a prefix of another's.
    private static string Tenant(string tenantId) =>
        TenantPattern().IsMatch(tenantId) ? tenantId : throw new ArgumentException($"invalid tenant id '{tenantId}'", nameof(tenantId));

    // \z, not $: $ would also accept a trailing newline.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]{0,63}\z")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_-]{0,127}\z")]
    private static partial Regex TenantPattern();
}
