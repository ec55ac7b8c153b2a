using HermesX.Grains.Abstractions;
using HermesX.Grains.Abstractions.Approvals;
using HermesX.Grains.Abstractions.Runs;
using Microsoft.Extensions.Logging;

namespace HermesX.Grains.Approvals;

/// <summary>
/// Times out one response's approval requests: armed by the session that committed them, its reminder (stored in Postgres,
/// so it outlives any silo) wakes it at their deadline. Requests still pending then are recorded as timed out with their
/// audit rows; a background run waiting on them is told to continue. A tick that finds the deadline not yet passed by the
/// database's clock leaves the reminder for its next period.
/// </summary>
[GrainType("approval-timeout")]
public sealed class ApprovalTimeoutGrain(ApprovalStore store, Runs.RunStore runs, TimeProvider time, ILogger<ApprovalTimeoutGrain> logger)
    : Grain, IApprovalTimeoutGrain, IRemindable
{
    public const string Reminder = "approval-deadline";

    /// <summary>Orleans' shortest reminder period: how soon a tick that came too early (or failed) is tried again.</summary>
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    // Past the deadline by this much, so a tick finds it passed by the database's clock too.
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(250);

    async Task IApprovalTimeoutGrain.ArmAsync(DateTimeOffset deadline)
    {
        var due = deadline - time.GetUtcNow() + Slack;
        await this.RegisterOrUpdateReminder(Reminder, due > TimeSpan.Zero ? due : TimeSpan.Zero, Period);
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        var (tenantId, responseId) = RunKey.Parse(this.GetPrimaryKeyString());
        await store.TimeOutAsync(tenantId, responseId);
        var requests = await store.ForResponseAsync(tenantId, responseId);
        if (requests.Any(r => r.Status == ApprovalStatus.Pending))
        {
            return;
        }
        if (requests.Any(r => r.Status == ApprovalStatus.TimedOut) && await runs.GetAsync(tenantId, responseId) is { } run)
        {
            if (run.Status is RunStatus.Queued or RunStatus.InProgress)
            {
                // The run has not recorded its stop yet (its turn committed a moment ago): the next tick looks again.
                return;
            }
            if (run.Status == RunStatus.RequiresAction)
            {
                await GrainFactory.Reference<IResponseRunGrain>(RunKey.For(tenantId, responseId)).ApprovalsTimedOutAsync();
            }
        }
        if (await this.GetReminder(Reminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
        logger.LogDebug("Approval requests of {ResponseId} settled", responseId);
    }
}
