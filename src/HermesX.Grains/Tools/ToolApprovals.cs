using HermesX.Grains.Abstractions.Approvals;

namespace HermesX.Grains.Tools;

/// <summary>A tool whose own settings say whether its calls need a person's approval (a tenant MCP server's <c>require_approval</c>).</summary>
public interface IApprovalGatedTool
{
    /// <summary>The label of the server the tool belongs to, as approval requests name it.</summary>
    string ServerLabel { get; }

    /// <summary>The tool's name on its server.</summary>
    string ToolName { get; }

    bool RequiresApproval { get; }
}

/// <summary>
/// The one rule deciding whether a server tool call waits for a person's approval: a gated tool decides for itself
/// (<see cref="IApprovalGatedTool"/>), a built-in tool when the tenant lists it in <c>tools_requiring_approval</c>.
/// </summary>
public static class ToolApprovals
{
    public static bool Needed(string name, IServerTool? tool, IReadOnlyList<string>? builtInsRequiringApproval) =>
        tool is IApprovalGatedTool gated ? gated.RequiresApproval : builtInsRequiringApproval?.Contains(name) == true;

    /// <summary>The server label and tool name an approval request shows for a call of <paramref name="name"/>.</summary>
    public static (string ServerLabel, string Name) Named(string name, IServerTool? tool) =>
        tool is IApprovalGatedTool gated ? (gated.ServerLabel, gated.ToolName) : (ToolApprovalLabels.BuiltIn, name);
}
