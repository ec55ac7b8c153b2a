using System.Runtime.CompilerServices;
using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Abstractions.Tenants;
using HermesX.Grains.Agent;
using HermesX.Grains.Agent.Strict;
using HermesX.Grains.Llm;
using Microsoft.Extensions.Logging;
using HermesX.Grains.Abstractions.Diagnostics;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Grains.Sessions;

/// <summary>
/// One conversation. The history lives here and in Postgres; a turn is answered only after its
/// messages are written, so a re-activation on another silo continues from exactly what was acknowledged.
/// </summary>
[GrainType("session")]
public sealed class SessionGrain(
    SessionStore store, ResponseStore responses, AgentRunner runner, IModelCatalog models, TimeProvider time, ILogger<SessionGrain> logger,
    ISessionObserver? observer = null)
    : Grain, ISessionGrain
{
    // Turns are also serialized here because a streamed turn's enumeration is driven by calls that
    // Orleans may interleave with other calls to this grain.
    private readonly SemaphoreSlim _turnLock = new(1, 1);
    private readonly List<SessionMessage> _history = [];
    private string _tenantId = "";
    private string _sessionId = "";
    private string? _owner;
    // Set by a new session's first turn until the write that creates its row commits.
    private NewSession? _pendingRow;
    private CancellationTokenSource? _running;
    // Answers of the newest committed turns by idempotency key, oldest first in _receiptOrder.
    private readonly Dictionary<string, TurnResult> _receipts = new(StringComparer.Ordinal);
    private readonly Queue<string> _receiptOrder = new();

    /// <summary>How many committed turns a retry with the same idempotency key can still find.</summary>
    public const int RememberedTurns = 256;

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        (_tenantId, _sessionId) = SessionKey.Parse(this.GetPrimaryKeyString());
        if (await store.GetAsync(_tenantId, _sessionId, ct) is { } row)
        {
            _owner = row.UserId;
            for (var offset = 0; ; offset += 1000)
            {
                var page = await store.MessagesAsync(_tenantId, _sessionId, 1000, offset, ct);
                _history.AddRange(page.Select(m => m.Message));
                if (page.Count < 1000)
                {
                    break;
                }
            }
            var receipts = await store.ReceiptsAsync(_tenantId, _sessionId, RememberedTurns, ct);
            for (var i = receipts.Count - 1; i >= 0; i--)
            {
                Remember(receipts[i]);
            }
        }
        observer?.Activated(_tenantId);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken ct)
    {
        observer?.Deactivated(_tenantId);
        return Task.CompletedTask;
    }

    async Task<TurnResult> ISessionGrain.RunTurnAsync(TurnRequest request, CancellationToken ct)
    {
        await foreach (var e in ExecuteAsync(request, stream: false, ct))
        {
            if (e.Result is { } result)
            {
                return result;
            }
        }
        throw new InvalidOperationException("turn ended without a result");
    }

    IAsyncEnumerable<TurnEvent> ISessionGrain.StreamTurnAsync(TurnRequest request, CancellationToken ct) =>
        ExecuteAsync(request, stream: true, ct);

    Task<string?> ISessionGrain.OwnerAsync() => Task.FromResult(_owner);

    Task<bool> ISessionGrain.AbortAsync()
    {
        var running = _running;
        running?.Cancel();
        return Task.FromResult(running is not null);
    }

    async Task<bool> ISessionGrain.DeleteAsync()
    {
        await _turnLock.WaitAsync();
        try
        {
            var deleted = await store.DeleteAsync(_tenantId, _sessionId);
            if (deleted)
            {
                await GrainFactory.GetGrain<ITenantQuotaGrain>(_tenantId).SessionDeletedAsync();
            }
            _history.Clear();
            _receipts.Clear();
            _receiptOrder.Clear();
            _owner = null;
            DeactivateOnIdle();
            return deleted;
        }
        finally
        {
            _turnLock.Release();
        }
    }

    private async IAsyncEnumerable<TurnEvent> ExecuteAsync(TurnRequest request, bool stream, [EnumeratorCancellation] CancellationToken ct)
    {
        await _turnLock.WaitAsync(ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _running = cts;
        var produced = new List<SessionMessage>();
        var persisted = false;
        var admitted = false;
        long reservation = 0;
        AgentTurn? turn = null;
        var quota = GrainFactory.GetGrain<ITenantQuotaGrain>(_tenantId);
        try
        {
            var model = models.TryGet(request.Model, out var found) ? found : throw new TurnRejectedException("model_not_found", $"Unknown model '{request.Model}'", 400);
            // A strict schema HermesX cannot use is the caller's error: refused before anything is charged or written.
            var strict = StrictSchemas.For(request, model.Provider);
            // Only this grain creates the row (sessions API included), so what it loaded at activation is current.
            CheckOwner(request);
            if (request.IdempotencyKey is { } key && _receipts.TryGetValue(key, out var stored))
            {
                // Committed before: the stored answer, with no model call, tool run, charge or write.
                if (stream && stored.Content.Length > 0)
                {
                    yield return new TurnEvent(TurnEventKinds.Delta, Text: stored.Content, Status: TurnEventKinds.ReplayedStatus);
                }
                yield return new TurnEvent(TurnEventKinds.Completed, Result: stored with { Replayed = true });
                yield break;
            }
            // After the replay check: a resent continuation finds its answer although its previous response is no longer the newest.
            if (request.Response?.PreviousResponseId is { } previous)
            {
                await CheckPreviousAsync(previous, request, cts.Token);
            }
            var (systemMessages, incoming) = TurnInput.Split(_history, request.Messages);
            // One call: while running turns hold the budget, the quota grain answers once one is released.
            var decision = await quota.AdmitTurnAsync(request.UserId, newSession: _owner is null, stream, cts.Token);
            if (!decision.Allowed)
            {
                var retry = decision.ResetsAt is { } at ? (int?)Math.Max(1, (int)Math.Ceiling((at - time.GetUtcNow()).TotalSeconds)) : decision.Wait ? 1 : null;
                var when = decision.ResetsAt is { } r ? $" (resets at {r:yyyy-MM-ddTHH:mm:ssZ})" : "";
                throw new TurnRejectedException("quota_exceeded", decision.Message + when, 429, decision.Quota, retry);
            }
            admitted = true;
            reservation = decision.Reservation;
            if (_owner is null)
            {
                // The row is written with the turn's first messages, in the same group-committed write.
                _owner = request.UserId;
                _pendingRow = new NewSession(request.UserId, null, model.Id);
            }
            produced.AddRange(incoming);

            turn = new AgentTurn(_tenantId, _sessionId, request.UserId, model, _history.ToList(), systemMessages, request, produced, strict);
            await using var events = runner.RunAsync(turn, stream, cts.Token).GetAsyncEnumerator(cts.Token);
            while (await MoveNextAsync(events))
            {
                if (events.Current.Kind == TurnEventKinds.Completed)
                {
                    // Durable before acknowledged, with the key a retry of this turn will be answered by, and
                    // the stored response (Responses API) in the same write as its messages.
                    var receipt = request.IdempotencyKey is { } k && events.Current.Result is { } r ? new TurnReceipt(k, r) : null;
                    await PersistAsync(produced, CancellationToken.None, receipt, ResponseRow(request, events.Current.Result!, produced.Count));
                    persisted = true;
                }
                yield return events.Current;
            }
        }
        finally
        {
            _running = null;
            try
            {
                if (admitted)
                {
                    // Charged what its model calls used, even when it did not complete.
                    await ReleaseAsync(quota, request, stream, turn?.TokensSpent ?? 0, reservation);
                }
                // A cancelled turn (client gone, abort) keeps what it had: the input and any partial answer.
                if (!persisted && cts.IsCancellationRequested && produced.Count > 0)
                {
                    await PersistAsync(produced, CancellationToken.None);
                }
                else if (_pendingRow is not null)
                {
                    // A failed first turn still leaves the session the tenant was charged for. If even that
                    // write fails (Postgres down), the turn's own error is what the caller must see.
                    try
                    {
                        await PersistAsync([], CancellationToken.None);
                    }
                    catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
                    {
                        // No row exists: the next turn starts the session afresh instead of appending to nothing.
                        _pendingRow = null;
                        _owner = null;
                    }
                }
            }
            finally
            {
                // Whatever failed above, the session must take its next turn.
                _turnLock.Release();
            }
        }
    }

    /// <summary>
    /// Hands the turn's reservation back. When the quota grain's silo died mid-turn, the reservation
    /// died with that activation (the next one seeds its counts from Postgres), so there is nothing
    /// left to release and the failure must not hold this session.
    /// </summary>
    private async Task ReleaseAsync(ITenantQuotaGrain quota, TurnRequest request, bool stream, long tokens, long reservation)
    {
        try
        {
            await quota.ReleaseAsync(request.UserId, stream, tokens, reservation);
        }
        catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException)
        {
            logger.LogWarning("Session {SessionId}: the turn's quota reservation could not be handed back ({Error}); its quota grain is gone",
                _sessionId, e.GetType().Name);
        }
    }

    private void CheckOwner(TurnRequest request)
    {
        if (_owner is not null && _owner != request.UserId && !request.CallerIsTenantAdmin)
        {
            throw new TurnRejectedException("session_not_found", $"No session '{_sessionId}'", 404);
        }
    }

    private async Task CheckPreviousAsync(string previous, TurnRequest request, CancellationToken ct)
    {
        var notFound = new TurnRejectedException("previous_response_not_found", $"No response '{previous}'", 404, "previous_response_id");
        if (_owner is null || (_owner != request.UserId && !request.CallerIsTenantAdmin))
        {
            throw notFound;
        }
        var row = await responses.GetAsync(_tenantId, _sessionId, previous, ct) ?? throw notFound;
        // The conversation is one line of messages: it continues only from its newest point.
        if (row.HistoryEnd != _history.Count)
        {
            throw new TurnRejectedException("previous_response_not_latest",
                $"Response '{previous}' is not the latest turn of its conversation; continue from the newest response", 400, "previous_response_id");
        }
    }

    private Store.SqlStatement? ResponseRow(TurnRequest request, TurnResult result, int producedCount) =>
        request.Response is { Store: true } response
            ? ResponseStore.Insert(_tenantId, _sessionId, request.UserId, _history.Count + producedCount, response, result)
            : null;

    async Task<StoredResponse?> ISessionGrain.GetResponseAsync(string responseId, string userId, bool callerIsTenantAdmin)
    {
        if (_owner is null || (_owner != userId && !callerIsTenantAdmin))
        {
            return null;
        }
        return (await responses.GetAsync(_tenantId, _sessionId, responseId))?.Response;
    }

    async Task<bool> ISessionGrain.DeleteResponseAsync(string responseId, string userId, bool callerIsTenantAdmin)
    {
        if (_owner is null || (_owner != userId && !callerIsTenantAdmin))
        {
            return false;
        }
        return await responses.DeleteAsync(_tenantId, _sessionId, responseId);
    }

    private static async Task<bool> MoveNextAsync(IAsyncEnumerator<TurnEvent> e)
    {
        try
        {
            return await e.MoveNextAsync();
        }
        catch (LlmRequestException ex)
        {
            throw new TurnRejectedException("model_request_rejected", $"The model provider rejected the request ({ex.StatusCode})", 502);
        }
        catch (LlmOutputMismatchException ex)
        {
            throw new TurnRejectedException("model_output_invalid",
                $"The model's output did not match the strict schema, also when asked again: {ex.Problem}", 502);
        }
        catch (Exception ex) when (ex is LlmException or HttpRequestException or TimeoutException)
        {
            // Messages of provider errors can quote upstream bodies; the caller gets a fixed text.
            throw new TurnRejectedException("model_unavailable", $"The model provider is unavailable: {ex.GetType().Name}", 503);
        }
    }

    private async Task PersistAsync(List<SessionMessage> produced, CancellationToken ct, TurnReceipt? receipt = null, Store.SqlStatement? also = null)
    {
        try
        {
            await store.AppendAsync(_tenantId, _sessionId, _history.Count + 1, produced, _pendingRow, produced.Count > 0 ? receipt : null, ct, also);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            // A connection lost around COMMIT leaves its outcome unknown: the write may be in Postgres.
            // The next turn must start from what Postgres holds, so this activation goes and the next
            // one reloads the history (and the keys of committed turns, so a resend is answered).
            DeactivateOnIdle();
            throw;
        }
        _pendingRow = null;
        _history.AddRange(produced);
        produced.Clear();
        if (receipt is not null)
        {
            Remember(receipt);
        }
    }

    private void Remember(TurnReceipt receipt)
    {
        if (!_receipts.TryAdd(receipt.Key, receipt.Result))
        {
            return;
        }
        _receiptOrder.Enqueue(receipt.Key);
        if (_receiptOrder.Count > RememberedTurns)
        {
            _receipts.Remove(_receiptOrder.Dequeue());
        }
    }

    async Task<SessionCreated?> ISessionGrain.CreateAsync(string userId, string? title, string? model)
    {
        await _turnLock.WaitAsync();
        try
        {
            if (_owner is not null)
            {
                return null;
            }
            var decision = await GrainFactory.GetGrain<ITenantQuotaGrain>(_tenantId).AdmitSessionAsync();
            if (!decision.Allowed)
            {
                throw new TurnRejectedException("quota_exceeded", decision.Message ?? "Quota exceeded", 429, decision.Quota);
            }
            var row = await store.CreateAsync(_tenantId, _sessionId, userId, title, model);
            _owner = row.UserId;
            return new SessionCreated(row.Id, row.UserId, row.Title, row.Model, row.CreatedAt);
        }
        finally
        {
            _turnLock.Release();
        }
    }
}

