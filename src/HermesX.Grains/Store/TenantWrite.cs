using HermesX.Grains.Abstractions.Audit;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Grains.Store;

/// <summary>
/// A session row written with its first turn: its count of messages and its title (the first user
/// message's beginning) are set as it is inserted, so a new session costs one row version, not two.
/// </summary>
public sealed record NewSessionRow(string SessionId, string UserId, string? Title, string? Model, int MessageCount = 0);

/// <summary>
/// One message of a session; the last message of a committed turn carries the turn's idempotency key
/// and its answer (JSON), which a resend is answered from.
/// </summary>
public sealed record MessageRow(string SessionId, int Seq, SessionMessage Message, string? TurnKey = null, string? TurnResultJson = null);

/// <summary>A session's row after a turn: its message count, and the title for a session that has none yet.</summary>
public sealed record SessionTouch(string SessionId, int MessageCount, string? Title);

/// <summary>
/// One model call's tokens and price: what a tenant is billed. A call outside a session (embeddings) names none;
/// <see cref="Deployment"/> is the deployment that served the call, where known.
/// </summary>
public sealed record UsageRow(string? SessionId, string UserId, string Model, string Provider, long InputTokens, long OutputTokens, decimal CostUsd,
    string? ApiKeyId = null, string? Deployment = null);

/// <summary>A stored Responses API response, written with the messages of the turn that produced it.</summary>
public sealed record ResponseRow(string Id, string SessionId, string UserId, int HistoryEnd, string RequestJson, string ResultJson, DateTimeOffset CreatedAt);

/// <summary>A tool call waiting for approval, written with the messages of the turn that stopped before it.</summary>
public sealed record ApprovalRow(string SessionId, string ResponseId, Abstractions.Approvals.ApprovalRequest Request);

/// <summary>
/// Rows of one tenant that commit together or not at all: a turn's messages, its usage and its audit
/// row, or a batch of audit rows. The committer merges the writes of a flush into one statement per
/// table and tenant.
/// </summary>
public sealed record TenantWrite(string TenantId)
{
    public IReadOnlyList<NewSessionRow> Sessions { get; init; } = [];
    public IReadOnlyList<MessageRow> Messages { get; init; } = [];
    public IReadOnlyList<SessionTouch> Touches { get; init; } = [];
    public IReadOnlyList<UsageRow> Usage { get; init; } = [];
    public IReadOnlyList<AuditEntry> Audit { get; init; } = [];
    public IReadOnlyList<ResponseRow> Responses { get; init; } = [];
    public IReadOnlyList<ApprovalRow> Approvals { get; init; } = [];

    public bool IsEmpty => Sessions.Count + Messages.Count + Touches.Count + Usage.Count + Audit.Count + Responses.Count + Approvals.Count == 0;
}
