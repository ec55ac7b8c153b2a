using System.Reflection;
using HermesX.Grains.Abstractions.Skills;

namespace HermesX.Grains.Skills;

/// <summary>
/// The skills and default persona shipped with HermesX (the repository's <c>skills/</c> folder,
/// compiled in as resources). Each is an object path relative to a tenant's prefix, e.g.
/// <c>skills/incident-triage/SKILL.md</c> or <c>SOUL.md</c>.
/// </summary>
public sealed class BundledSkills
{
    private const string ResourcePrefix = "hermesx-bundled/";

    public BundledSkills()
    {
        var assembly = typeof(BundledSkills).Assembly;
        var objects = new List<(string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var relative = resource[ResourcePrefix.Length..].Replace('\\', '/');
            var content = Read(assembly, resource);
            // A broken bundled skill is a build defect: refuse to start rather than provision it.
            if (relative.StartsWith("skills/", StringComparison.Ordinal))
            {
                var doc = SkillDocument.TryParse(content, out var problem)
                    ?? throw new InvalidOperationException($"bundled {relative} is invalid: {problem!.Message}");
                if (relative != $"skills/{doc.Meta.Name}/{SkillKeys.SkillFile}")
                {
                    throw new InvalidOperationException($"bundled {relative} names itself '{doc.Meta.Name}'");
                }
            }
            objects.Add((relative, content));
        }
        Objects = objects;
        Persona = objects.FirstOrDefault(o => o.Item1 == SkillKeys.PersonaFile).Item2
            ?? throw new InvalidOperationException("the bundled default persona (skills/SOUL.md) is missing from the build");
    }

    /// <summary>(path relative to the tenant prefix, content) of every bundled object.</summary>
    public IReadOnlyList<(string RelativeKey, string Content)> Objects { get; }

    public string Persona { get; }

    public IEnumerable<string> SkillNames => Objects
        .Where(o => o.RelativeKey.StartsWith("skills/", StringComparison.Ordinal))
        .Select(o => o.RelativeKey.Split('/')[1]);

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
