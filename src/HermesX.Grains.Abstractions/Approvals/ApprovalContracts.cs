namespace HermesX.Grains.Abstractions.Approvals;

/// <summary>
/// A tool call waiting for a person's approval: what a turn that stopped in <c>requires_action</c> shows, one per call.
/// <see cref="ServerLabel"/> is <see cref="ToolApprovalLabels.BuiltIn"/> for HermesX's own tools, else the MCP server's label;
/// <see cref="Name"/> is the tool's name as that server knows it.
/// </summary>
[GenerateSerializer, Immutable, Alias("hermesx.ApprovalRequest")]
public sealed record ApprovalRequest(
    [property: Id(0)] string Id,
    [property: Id(1)] string ToolCallId,
    [property: Id(2)] string ServerLabel,
    [property: Id(3)] string Name,
    [property: Id(4)] string ArgumentsJson,
    [property: Id(5)] DateTimeOffset Deadline);

/// <summary>A caller's answer to an <see cref="ApprovalRequest"/> (Responses: an <c>mcp_approval_response</c> input item).</summary>
[GenerateSerializer, Immutable, Alias("hermesx.ApprovalDecision")]
public sealed record ApprovalDecision(
    [property: Id(0)] string ApprovalRequestId,
    [property: Id(1)] bool Approve,
    [property: Id(2)] string? Reason = null);

/// <summary>Where an approval request stands (the <c>tool_approvals.status</c> column).</summary>
public static class ApprovalStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Denied = "denied";
    public const string TimedOut = "timed_out";
}

/// <summary>The <c>server_label</c> of approval requests, and the actor that decides a request nobody answered in time.</summary>
public static class ToolApprovalLabels
{
    /// <summary>The label of HermesX's built-in server tools.</summary>
    public const string BuiltIn = "hermes";

    /// <summary>The audit actor of a request denied because its deadline passed.</summary>
    public const string TimeoutActor = "timeout";

    /// <summary>A new approval request id.</summary>
    public static string NewId() => Text.RandomIds.New("apr_");
}
