namespace HermesX.Grains.Abstractions.Approvals;

/// <summary>
/// The deadline of one response's approval requests (key: <c>{tenantId}/{responseId}</c>, like <c>RunKey</c>): a reminder
/// wakes it once the deadline has passed, on any silo, and the requests still pending are recorded as denied by
/// <see cref="ToolApprovalLabels.TimeoutActor"/>; a background run waiting on them then continues.
/// </summary>
[Alias("hermesx.IApprovalTimeoutGrain")]
public interface IApprovalTimeoutGrain : IGrainWithStringKey
{
    /// <summary>Wakes this grain at <paramref name="deadline"/> (durably: a reminder).</summary>
    [Alias("Arm")]
    Task ArmAsync(DateTimeOffset deadline);
}
