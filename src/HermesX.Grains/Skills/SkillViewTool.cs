using System.ComponentModel;
using System.Text.Json;
using HermesX.Grains.Abstractions.Skills;
using HermesX.Grains.Tools;

namespace HermesX.Grains.Skills;

/// <summary>Returns the body of one of the tenant's skills (read fresh from the store).</summary>
public sealed class SkillViewTool(SkillStore store, IGrainFactory grains) : IServerTool
{
    public const string ToolName = "skill_view";

    public string Name => ToolName;
    public string Description => "Reads one of the skills listed in the system prompt: returns its Markdown instructions.";
    public JsonElement ParametersSchema { get; } = ToolSchema.Of(([Description("skill name from the index")] string name) => { });

    public async Task<string> RunAsync(ToolContext context, JsonElement arguments, CancellationToken ct)
    {
        var name = ToolArgs.RequiredString(arguments, "name").Trim();
        if (SkillKeys.IsValidName(name) && await store.GetSkillAsync(context.TenantId, name, ct) is { } skill)
        {
            return skill.Document.Body;
        }
        var index = await grains.GetGrain<ISkillIndexGrain>(context.TenantId).GetAsync();
        var known = index.Skills.Count == 0 ? "there are no skills" : "known skills: " + string.Join(", ", index.Skills.Take(50).Select(s => s.Name));
        throw new ToolInputException($"no skill named '{(name.Length > 80 ? name[..80] + "…" : name)}'; {known}");
    }
}
