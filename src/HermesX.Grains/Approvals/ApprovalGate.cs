using HermesX.Grains.Abstractions.Approvals;
using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Agent;
using HermesX.Grains.Sessions;

namespace HermesX.Grains.Approvals;

/// <summary>
/// Where a turn meets the approval requests its conversation's last answer left: each one still open must be decided by
/// this request (or the turn is refused), decisions are recorded (with their audit rows) before the turn runs anything, and
/// requests past their deadline are recorded as timed out. What is recorded is what the turn then applies, so a decision
/// and the deadline never both count.
/// </summary>
public sealed class ApprovalGate(ApprovalStore store, TimeProvider time)
{
    /// <summary>What the turn applies: the decided calls, and the ids of every call waiting for approval (no caller may answer those itself).</summary>
    public sealed record Resolution(IReadOnlyList<DecidedCall> Decided, IReadOnlySet<string> Gated)
    {
        public static Resolution None { get; } = new([], new HashSet<string>());
    }

    public async Task<Resolution> ResolveAsync(string tenantId, string sessionId, IReadOnlyList<SessionMessage> history, TurnRequest request,
        CancellationToken ct)
    {
        var decisions = request.Approvals ?? [];
        var waiting = Unanswered(history);
        var records = waiting.Count == 0 ? new List<ApprovalRecord>() : await ReadAsync(tenantId, sessionId, waiting, ct);
        if (records.Count == 0)
        {
            return decisions.Count == 0 ? Resolution.None : throw Unknown(decisions[0].ApprovalRequestId);
        }
        var byId = records.ToDictionary(r => r.Request.Id, StringComparer.Ordinal);
        var asked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var decision in decisions)
        {
            if (!byId.TryGetValue(decision.ApprovalRequestId, out var record))
            {
                throw Unknown(decision.ApprovalRequestId);
            }
            if (!asked.Add(decision.ApprovalRequestId))
            {
                throw AlreadyDecided(decision.ApprovalRequestId, "earlier in this request");
            }
            // The same decision again (a retry of a turn that failed after recording it) stands; another one does not.
            if (record.Status != ApprovalStatus.Pending && record.Status != Wanted(decision))
            {
                throw AlreadyDecided(decision.ApprovalRequestId, record.Status);
            }
        }
        var now = time.GetUtcNow();
        var undecided = records.Where(r => r.Status == ApprovalStatus.Pending && r.Request.Deadline > now && !asked.Contains(r.Request.Id)).ToList();
        if (undecided.Count > 0)
        {
            throw Waiting(undecided, request.Response is not null);
        }

        var toRecord = decisions.Where(d => byId[d.ApprovalRequestId].Status == ApprovalStatus.Pending).ToList();
        if (toRecord.Count > 0)
        {
            // The caller's subject is the turn's user (an API key's id or a JWT's sub); a background run's request carries no audit
            // entry, and a tenant caller without a key is a JWT's.
            var (actor, method) = (request.UserId, request.Audit?.Entry.AuthMethod ?? (request.Key is not null ? "api_key" : "jwt"));
            await store.DecideAsync(tenantId, [.. toRecord.Select(d => new ApprovalChange(d.ApprovalRequestId, Wanted(d), Clip(d.Reason)))], actor, method, ct);
        }
        // Whatever is still pending past its deadline (a decision that came too late included) times out here.
        // (The store times out only what is past its deadline by the database's clock.)
        var late = records.Where(r => r.Status == ApprovalStatus.Pending).Select(r => new ApprovalChange(r.Request.Id, ApprovalStatus.TimedOut)).ToList();
        if (late.Count > 0)
        {
            await store.DecideAsync(tenantId, late, ToolApprovalLabels.TimeoutActor, ToolApprovalLabels.TimeoutActor, ct);
        }

        // Read again: what is recorded is what applies.
        records = await ReadAsync(tenantId, sessionId, waiting, ct);
        foreach (var decision in decisions)
        {
            var status = records.Single(r => r.Request.Id == decision.ApprovalRequestId).Status;
            if (status != Wanted(decision))
            {
                throw AlreadyDecided(decision.ApprovalRequestId, status);
            }
        }
        if (records.Where(r => r.Status == ApprovalStatus.Pending).ToList() is { Count: > 0 } open)
        {
            throw Waiting(open, request.Response is not null);
        }
        return new Resolution([.. records.Select(r => new DecidedCall(waiting[r.Request.ToolCallId], r.Status, r.Reason))],
            records.Select(r => r.Request.ToolCallId).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The requests of the waiting calls; should a provider reuse a call id, the newest request for it.</summary>
    private async Task<List<ApprovalRecord>> ReadAsync(string tenantId, string sessionId, Dictionary<string, ToolCall> waiting, CancellationToken ct) =>
        [.. (await store.ForCallsAsync(tenantId, sessionId, waiting.Keys, ct)).GroupBy(r => r.Request.ToolCallId).Select(g => g.Last())];

    /// <summary>The tool calls of the conversation's last answer that have no result yet, by id.</summary>
    private static Dictionary<string, ToolCall> Unanswered(IReadOnlyList<SessionMessage> history)
    {
        var last = history.Count - 1;
        while (last >= 0 && history[last].Role == "tool")
        {
            last--;
        }
        if (last < 0 || history[last] is not { Role: "assistant", ToolCalls: { Count: > 0 } calls })
        {
            return [];
        }
        var answered = new HashSet<string?>(history.Skip(last + 1).Select(m => m.ToolCallId));
        return calls.Where(c => !answered.Contains(c.Id)).ToDictionary(c => c.Id, StringComparer.Ordinal);
    }

    private static string Wanted(ApprovalDecision decision) => decision.Approve ? ApprovalStatus.Approved : ApprovalStatus.Denied;

    // A reason is shown to the model and kept for the audit trail, not a place for a document.
    private static string? Clip(string? reason) => reason is { Length: > 1000 } ? reason[..1000] : reason;

    private static TurnErrorException Unknown(string id) => new(new TurnError(TurnErrorKind.InvalidMessages,
        $"No approval request '{Show(id)}' waits in this conversation", "approval_request_id"));

    private static TurnErrorException AlreadyDecided(string id, string how) => new(new TurnError(TurnErrorKind.InvalidMessages,
        $"Approval request '{Show(id)}' was already decided ({how})", "approval_request_id"));

    private static TurnErrorException Waiting(List<ApprovalRecord> open, bool responses)
    {
        var named = string.Join(", ", open.Select(r => $"{r.Request.Id} ({r.Request.ServerLabel}/{r.Request.Name})"));
        return new(responses
            ? new TurnError(TurnErrorKind.InvalidMessages,
                $"The conversation waits for approval of tool calls: {named}; decide each with an mcp_approval_response input item", "input")
            : new TurnError(TurnErrorKind.ApprovalPending,
                $"The conversation waits for approval of tool calls: {named}; decide them with mcp_approval_response items on POST /v1/responses"));
    }

    private static string Show(string id) => id.Length <= 64 ? id : id[..64] + "…";
}
