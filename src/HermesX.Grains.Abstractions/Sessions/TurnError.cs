using HermesX.Grains.Abstractions.Audit;

namespace HermesX.Grains.Abstractions.Sessions;

/// <summary>Why a turn did not run, or could not finish.</summary>
public enum TurnErrorKind
{
    /// <summary>The messages do not continue the conversation (a tool result answers no call, or none ends it).</summary>
    InvalidMessages,
    ModelNotFound,

    /// <summary>A strict tool or answer schema is not a JSON Schema HermesX can check against.</summary>
    InvalidSchema,

    /// <summary>The session belongs to another user of the tenant.</summary>
    SessionNotFound,
    PreviousResponseNotFound,
    PreviousResponseNotLatest,

    /// <summary>A tenant quota is used up (<see cref="TurnError.Param"/> names it).</summary>
    QuotaExceeded,

    /// <summary>The model provider refused the request it was sent.</summary>
    ModelRejected,

    /// <summary>The model provider failed, timed out or its circuit is open.</summary>
    ModelUnavailable,

    /// <summary>The model's answer missed its strict schema twice (HermesX checked it and asked again).</summary>
    ModelOutputInvalid,

    /// <summary>The tenant's or the API key's model allow-list does not name the model (<see cref="TurnError.Message"/> names it).</summary>
    ModelNotAllowed,

    /// <summary>The model's provider cannot serve what was asked (embeddings from Anthropic or Gemini).</summary>
    ModelNotSupported,

    /// <summary>
    /// A model call would overrun a USD budget (tenant, API key or end user; <see cref="TurnError.Param"/> names it):
    /// refused before it was made; <see cref="TurnError.RetryAfterSeconds"/> is when the budget's period ends.
    /// </summary>
    BudgetExceeded,

    /// <summary>A background run's turn failed inside HermesX (a tool or the store threw): the run ends failed rather than retry forever.</summary>
    RunFailed,

    /// <summary>
    /// The session's last answer waits for a person's approval of tool calls, and this request cannot decide them
    /// (a Chat Completions or Messages turn): decisions are made through the Responses API.
    /// </summary>
    ApprovalPending,
}

/// <summary>
/// A turn's error as its session reports it: what was wrong, the request field or quota it concerns
/// (<see cref="Param"/>), and for a quota when it frees up: a domain outcome, not an exception, and no HTTP status
/// (the frontend maps each kind to its answer in one place).
/// </summary>
[GenerateSerializer, Immutable, Alias("hermesx.TurnError")]
public sealed record TurnError(
    [property: Id(0)] TurnErrorKind Kind,
    [property: Id(1)] string Message,
    [property: Id(2)] string? Param = null,
    [property: Id(3)] int? RetryAfterSeconds = null);

/// <summary>
/// The audit row of the request a turn answers, as the frontend saw it up to the grain call; the
/// session completes it (status, latency) when it commits the turn.
/// </summary>
[GenerateSerializer, Immutable, Alias("hermesx.TurnAudit")]
public sealed record TurnAudit(
    [property: Id(0)] AuditEntry Entry,
    [property: Id(1)] double ElapsedMsAtCall);
