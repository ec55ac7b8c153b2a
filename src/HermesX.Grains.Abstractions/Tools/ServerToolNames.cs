namespace HermesX.Grains.Abstractions.Tools;

/// <summary>
/// The names of HermesX's server tools, for the HTTP layer that checks a tenant's settings against
/// them without the grains' registry (<c>ToolRegistry</c> refuses to start with a tool not named here).
/// </summary>
public static class ServerToolNames
{
    public static readonly IReadOnlyList<string> All = ["calculator", "current_time", "memory", "session_search", "skill_view", "todo"];
}
