using System.Text;
using HermesX.Grains.Agent;
using HermesX.Grains.Abstractions.Skills;
using Microsoft.Extensions.Logging;
using HermesX.Grains.Abstractions.Caching;

namespace HermesX.Grains.Skills;

/// <summary>
/// Puts the tenant's persona and an index of its skills (name: description) into the system prompt,
/// from this silo's copy of the index, rendered once per index.
/// </summary>
public sealed class SkillPromptContributor(ISiloCache cache, ILogger<SkillPromptContributor> logger) : ISystemPromptContributor
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SkillIndex, string?[]> s_rendered = new();

    /// <summary>Past this many skills the index is cut; skill_view still reads any of them by name.</summary>
    public const int MaxIndexEntries = 200;

    public async Task<string?> ContributeAsync(string tenantId, CancellationToken ct)
    {
        SkillIndex? index;
        try
        {
            index = await cache.GetSkillIndexAsync(tenantId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A turn without the persona and skills beats no turn while the object store is down.
            logger.LogWarning(e, "Skills and persona of tenant {TenantId} are unavailable for this turn", tenantId);
            return null;
        }
        return index is null ? null : s_rendered.GetValue(index, i => [Render(i)])[0];
    }

    public static string? Render(SkillIndex index)
    {
        var text = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(index.Persona))
        {
            text.Append(index.Persona.Trim());
        }
        if (index.Skills.Count > 0)
        {
            if (text.Length > 0)
            {
                text.Append("\n\n");
            }
            text.Append("## Skills\nPlaybooks for particular tasks. When one fits the request, read it with the ")
                .Append(SkillViewTool.ToolName).Append(" tool (argument: name) before answering, and follow it.\n");
            foreach (var s in index.Skills.Take(MaxIndexEntries))
            {
                // One line each: a description with line breaks would blur the list.
                text.Append("- ").Append(s.Name).Append(": ").Append(string.Join(' ', s.Description.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).Append('\n');
            }
            if (index.Skills.Count > MaxIndexEntries)
            {
                text.Append($"- … and {index.Skills.Count - MaxIndexEntries} more\n");
            }
        }
        return text.Length > 0 ? text.ToString().TrimEnd() : null;
    }
}
