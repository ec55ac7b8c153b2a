using HermesX.Grains.Abstractions;
using System.Runtime.CompilerServices;
using System.Text.Json;
using HermesX.Grains.Abstractions.Audit;
using HermesX.Grains.Abstractions.Caching;
using HermesX.Grains.Abstractions.Diagnostics;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Abstractions.Spend;
using HermesX.Grains.Abstractions.Tenants;
using HermesX.Grains.Agent;
using HermesX.Grains.Agent.Strict;
using HermesX.Grains.Llm;
using HermesX.Grains.Store;
using Microsoft.Extensions.Logging;

namespace HermesX.Grains.Sessions;

/// <summary>
/// One conversation in memory: its history, owner and the answers of its newest committed turns, and
/// the turn itself (admission, the agent loop, the commit). A turn is answered only after its
/// messages, its usage and its audit row are committed together, so whoever loads the conversation
/// next continues from exactly what was acknowledged and billed. A <see cref="SessionGrain"/> hosts
/// one for as long as the session is active; the one turn of a session HermesX minted for a
/// non-streamed request without a session id runs in one made for it alone (<see cref="OneShotTurns"/>).
/// <paramref name="stale"/> is called when what it holds can no longer be trusted (a commit of
/// unknown outcome, a deletion): its host lets it go.
/// </summary>
public sealed class Session(
    string tenantId, string sessionId, SessionServices services, IGrainFactory grains, Action stale)
{
    // Turns are also serialized here because a streamed turn's enumeration is driven by calls that
    // Orleans may interleave with other calls to this grain.
    private readonly SemaphoreSlim _turnLock = new(1, 1);
    private readonly List<SessionMessage> _history = [];
    // The same messages as the model clients take them, converted once each (the history is resent every turn).
    private readonly List<Microsoft.Extensions.AI.ChatMessage> _modelHistory = [];
    private readonly string _tenantId = tenantId;
    private readonly string _sessionId = sessionId;
    private readonly SessionStore store = services.Store;
    private readonly GroupCommitter committer = services.Committer;
    private readonly ResponseStore responses = services.Responses;
    private readonly AgentRunner runner = services.Runner;
    private readonly IModelCatalog models = services.Models;
    private readonly ISiloCache tenants = services.Tenants;
    private readonly TimeProvider time = services.Time;
    private readonly Runs.RunStore runs = services.Runs;
    private readonly ILogger logger = services.Logger;
    private readonly Approvals.ApprovalGate approvalGate = services.Approvals;
    private Task? _loaded;
    private string? _owner;
    private bool _titled;
    // Set by a new session's first turn until the write that creates its row commits.
    private NewSessionRow? _pendingRow;
    private CancellationTokenSource? _running;
    // The run (background response, resumable chat stream) whose turn is running, with its user: an abort cancels it.
    private (string Id, string UserId)? _runningRun;
    // Answers of the newest committed turns by idempotency key, oldest first in _receiptOrder.
    private readonly Dictionary<string, TurnResult> _receipts = new(StringComparer.Ordinal);
    private readonly Queue<string> _receiptOrder = new();

    /// <summary>How many committed turns a retry with the same idempotency key can still find.</summary>
    public const int RememberedTurns = 256;

    /// <summary>
    /// Reads the stored conversation once, when first needed. A session id the
    /// frontend has just minted for a turn names no row yet, so its first turn reads nothing.
    /// </summary>
    private async Task LoadAsync(bool newSessionId = false)
    {
        var loading = _loaded ??= newSessionId ? Task.CompletedTask : LoadStoredAsync();
        try
        {
            await loading;
        }
        catch
        {
            // Postgres unreachable: the next call reads again.
            _loaded = null;
            throw;
        }
    }

    private async Task LoadStoredAsync()
    {
        if (await store.LoadAsync(_tenantId, _sessionId, RememberedTurns) is not { } state)
        {
            return;
        }
        _owner = state.Row.UserId;
        _titled = state.Row.Title is not null;
        _history.AddRange(state.Messages.Select(m => m.Message));
        _modelHistory.AddRange(_history.Select(MessageMapping.ToAi));
        for (var i = state.Turns.Count - 1; i >= 0; i--)
        {
            Remember(state.Turns[i]);
        }
    }

    public async Task<TurnOutcome> RunTurnAsync(TurnRequest request, CancellationToken ct)
    {
        await foreach (var e in ExecuteAsync(request, stream: false, ct))
        {
            if (e.Result is { } result)
            {
                return result;
            }
            if (e.Error is { } error)
            {
                return error;
            }
        }
        throw new InvalidOperationException("turn ended without a result");
    }

    public IAsyncEnumerable<TurnEvent> StreamTurnAsync(TurnRequest request, CancellationToken ct) =>
        ExecuteAsync(request, stream: true, ct);

    /// <summary>The turn of a background run: like a non-streamed turn, its model calls streamed when the run's stream is kept.</summary>
    public Task<TurnOutcome> RunBackgroundTurnAsync(TurnRequest request, CancellationToken ct) =>
        request.Response is { Background: true }
            ? RunTurnAsync(request, ct)
            : throw new ArgumentException("Only a background run's turn runs as one", nameof(request));

    public async Task<string?> OwnerAsync()
    {
        await LoadAsync();
        return _owner;
    }

    /// <summary>
    /// Stops the running turn. A run's turn is stopped by cancelling its run, recorded first as a cancel of the run is (the
    /// caller was authorized for this session, whose turn it is): else the run, seeing its turn stopped unasked, would send it again.
    /// </summary>
    public async Task<bool> AbortAsync()
    {
        var (running, run) = (_running, _runningRun);
        if (run is { } r)
        {
            try
            {
                await grains.Reference<Abstractions.Runs.IResponseRunGrain>(Abstractions.Runs.RunKey.For(_tenantId, r.Id))
                    .CancelAsync(r.UserId, callerIsTenantAdmin: false);
            }
            catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException or Npgsql.NpgsqlException)
            {
                // The turn is stopped all the same; its run takes it up again later, as after any interruption.
                logger.LogWarning("Session {SessionId}: the running turn's run could not be cancelled ({Error})", _sessionId, e.GetType().Name);
            }
        }
        try
        {
            running?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The turn ended meanwhile (its run's cancel stopped it).
        }
        return running is not null;
    }

    public async Task<bool> DeleteAsync()
    {
        await _turnLock.WaitAsync();
        try
        {
            var deleted = await store.DeleteAsync(_tenantId, _sessionId);
            if (deleted)
            {
                await grains.Reference<ITenantQuotaGrain>(_tenantId).SessionDeletedAsync();
            }
            _history.Clear();
            _modelHistory.Clear();
            _receipts.Clear();
            _receiptOrder.Clear();
            _owner = null;
            stale();
            return deleted;
        }
        finally
        {
            _turnLock.Release();
        }
    }

    /// <summary>A turn's events, its error (<see cref="TurnErrorException"/>) turned into the last one.</summary>
    private async IAsyncEnumerable<TurnEvent> ExecuteAsync(TurnRequest request, bool stream, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var turn = RunAsync(request, stream, ct).GetAsyncEnumerator(ct);
        while (true)
        {
            TurnEvent? next;
            try
            {
                next = await turn.MoveNextAsync() ? turn.Current : null;
            }
            catch (TurnErrorException e)
            {
                next = new TurnEvent(TurnEventKinds.Error, Error: e.Error);
            }
            if (next is null)
            {
                yield break;
            }
            yield return next;
            if (next.Error is not null)
            {
                yield break;
            }
        }
    }

    private async IAsyncEnumerable<TurnEvent> RunAsync(TurnRequest request, bool stream, [EnumeratorCancellation] CancellationToken ct)
    {
        await _turnLock.WaitAsync(ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _running = cts;
        _runningRun = request.Response is { Background: true } runTurn ? (runTurn.Id, request.UserId) : null;
        var produced = new List<SessionMessage>();
        var persisted = false;
        var admitted = false;
        long reservation = 0;
        AgentTurn? turn = null;
        var quota = grains.Reference<ITenantQuotaGrain>(_tenantId);
        try
        {
            await LoadAsync(request.NewSessionId);
            var model = models.TryGet(request.Model, out var found) ? found
                : throw new TurnErrorException(new(TurnErrorKind.ModelNotFound, $"Unknown model '{request.Model}'", "model"));
            // This silo's copy of the tenant's record, read once for the turn's checks below.
            var tenant = await tenants.GetTenantAsync(_tenantId);
            CheckAllowed(model, request, tenant);
            // A strict schema HermesX cannot use is the caller's error: refused before anything is charged or written.
            var strict = StrictSchemas.For(request, model.Provider);
            // Only this grain creates the row (sessions API included), so what it loaded is current.
            CheckOwner(request);
            if (request.IdempotencyKey is { } key && _receipts.TryGetValue(key, out var stored))
            {
                // Committed before: the stored answer, with no model call, tool run, charge or write.
                if (stream && stored.Content.Length > 0)
                {
                    yield return new TurnEvent(TurnEventKinds.Delta, Text: stored.Content, Status: TurnEventKinds.ReplayedStatus);
                }
                yield return new TurnEvent(TurnEventKinds.Completed, Result: stored with { Replayed = true, Audited = false });
                yield break;
            }
            // After the replay check: a resent continuation finds its answer although its previous response is no longer the newest.
            if (request.Response?.PreviousResponseId is { } previous)
            {
                await CheckPreviousAsync(previous, request, cts.Token);
            }
            // Before anything is charged: decisions on the last answer's calls are recorded (and audited) here, or the turn is refused.
            var approvals = await approvalGate.ResolveAsync(_tenantId, _sessionId, _history, request, cts.Token);
            var (systemMessages, incoming) = TurnInput.Split(_history, request.Messages, approvals.Gated);
            if (NeedsAdmission(stream, tenant))
            {
                // One call: while running turns hold the budget, the quota grain answers once one is released.
                var decision = await quota.AdmitTurnAsync(request.UserId, newSession: _owner is null, stream, cts.Token);
                if (!decision.Allowed)
                {
                    throw new TurnErrorException(QuotaError(decision));
                }
                admitted = true;
                reservation = decision.Reservation;
            }
            if (_owner is null)
            {
                // The row is written with the turn's first messages, in the same group-committed write.
                _owner = request.UserId;
                _pendingRow = new NewSessionRow(_sessionId, request.UserId, null, model.Id);
            }
            produced.AddRange(incoming);

            turn = new AgentTurn(_tenantId, _sessionId, request.UserId, model, _modelHistory, systemMessages, request, produced, strict)
            {
                Budgeted = SpendLimited(request, tenant),
                Run = request.Response is { Background: true } run ? new Runs.RunLog(runs, _tenantId, run.Id, run.Stream) : null,
                ToolsRequiringApproval = tenant?.ToolsRequiringApproval,
                CanAwaitApproval = request.Response is not null,
                Decided = approvals.Decided,
            };
            if (turn.Run is { } log)
            {
                if (_pendingRow is not null)
                {
                    // A run's tools may write rows of its session (todos) before its answer commits: the session's row comes first.
                    await CommitAsync([], [], null, null, null);
                }
                await log.ResumeAsync(turn);
            }
            var started = time.GetTimestamp();
            // A background run's model calls stream when its stream is kept, so readers see its text as it comes.
            await using var events = runner.RunAsync(turn, stream || request.Response is { Stream: true, Background: true }, cts.Token).GetAsyncEnumerator(cts.Token);
            while (await MoveNextAsync(events))
            {
                var current = events.Current;
                if (turn.Run is { } record)
                {
                    await record.EventAsync(current);
                }
                if (current.Kind == TurnEventKinds.Completed && current.Result is { } result)
                {
                    // Durable before acknowledged: the messages with the key a retry of this turn is answered by,
                    // the usage, the request's audit row and the stored response (Responses API), in one write.
                    var audit = Answered(request.Audit, started);
                    var receipt = request.IdempotencyKey is { } k ? new TurnReceipt(k, result) : null;
                    // A session minted for a non-streamed request without one (what a drop-in OpenAI client sends)
                    // is rarely continued: it keeps nothing of the turn in memory (one that is finds it in Postgres).
                    await CommitAsync(produced, turn.Usage, receipt, audit, ResponseRow(request, result, produced.Count),
                        keep: !(request.NewSessionId && !stream), approvals: ApprovalRows(request, result));
                    persisted = true;
                    if (result.Approvals is [var first, ..])
                    {
                        await ArmApprovalDeadlineAsync(request.Response!.Id, first.Deadline);
                    }
                    current = current with { Result = result with { Audited = audit is not null } };
                }
                yield return current;
            }
        }
        finally
        {
            _running = null;
            _runningRun = null;
            try
            {
                if (!persisted && turn?.Run is { } unfinished)
                {
                    await unfinished.SettledAsync();
                }
                if (admitted && (stream || reservation > 0 || await CountsTokensAsync()))
                {
                    // Charged what its model calls used, even when it did not complete.
                    await ReleaseAsync(quota, request, stream, turn?.TokensSpent ?? 0, reservation);
                }
                if (!persisted && await EndsUnansweredAsync(turn, cts.IsCancellationRequested))
                {
                    await KeepUnansweredAsync(produced, turn?.Usage ?? [], cts.IsCancellationRequested);
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
    /// Whether a turn that stopped without an answer ends here. A background run's attempt that was stopped
    /// without the run being cancelled (its caller's silo died, its call timed out) leaves its steps to the run's
    /// next attempt, which bills and stores them once; written here too, they would be twice.
    /// </summary>
    private static async Task<bool> EndsUnansweredAsync(AgentTurn? turn, bool stopped)
    {
        if (turn?.Run is not { } run || !stopped)
        {
            return true;
        }
        try
        {
            return await run.CancelledAsync();
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// A turn that ended without an answer still leaves what it cost: the usage of the model calls it
    /// made, the session a first turn was charged for and, when it was cancelled (client gone, abort),
    /// the input and any partial answer. If that write fails too (Postgres down), the turn's own error
    /// is what the caller must see.
    /// </summary>
    private async Task KeepUnansweredAsync(List<SessionMessage> produced, IReadOnlyList<UsageRow> usage, bool cancelled)
    {
        if (cancelled)
        {
            TurnInput.AnswerCancelledCalls(produced);
        }
        var messages = cancelled ? produced : [];
        if (messages.Count == 0 && usage.Count == 0 && _pendingRow is null)
        {
            return;
        }
        try
        {
            await CommitAsync(messages, usage, null, null, null);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            if (_pendingRow is not null)
            {
                // No row exists: the next turn starts the session afresh instead of appending to nothing.
                _pendingRow = null;
                _owner = null;
            }
        }
    }

    /// <summary>
    /// The key's and the tenant's model allow-lists, checked here, where every endpoint's turn passes,
    /// before anything is charged or written. The tenant's is this silo's copy, which a change drops.
    /// </summary>
    private static void CheckAllowed(ModelInfo model, TurnRequest request, TenantRecord? tenant)
    {
        if (ModelAllowList.Refusal(request.Key?.Models, tenant?.Models, model.Id) is { } refusal)
        {
            throw new TurnErrorException(refusal);
        }
    }

    /// <summary>
    /// Whether the tenant's quota grain must admit this turn: a new session (max_sessions), a stream
    /// (streams per user), a token budget, or a tenant this silo's copy does not show as active. A
    /// turn of an existing session of a tenant without token budgets has nothing to count, so it
    /// costs no quota call; its usage rows are what a budget set later is seeded from.
    /// </summary>
    private bool NeedsAdmission(bool stream, TenantRecord? tenant) =>
        _owner is null || stream || tenant is not { IsActive: true, HasTokenBudget: false };

    /// <summary>
    /// Whether a USD budget applies to the turn's model calls: the tenant's (this silo's copy of its record) or
    /// the calling key's. A turn without one costs no spend grain call; its usage rows are what a budget set later starts from.
    /// </summary>
    private static bool SpendLimited(TurnRequest request, TenantRecord? tenant) =>
        SpendBudgets.Apply(tenant is { HasSpendBudget: true }, request.Key);

    /// <summary>
    /// Whether the quota grain counts the tokens of a turn it admitted without holding a stream or a
    /// reservation: only for a tenant with a token budget (one set later starts from the usage rows), so
    /// a new session's turn of a tenant without one hands nothing back.
    /// </summary>
    private async ValueTask<bool> CountsTokensAsync() =>
        await tenants.GetTenantAsync(_tenantId) is not { HasTokenBudget: false };

    private TurnError QuotaError(QuotaDecision decision) => TurnRefusals.Quota(decision, time);

    /// <summary>The request's audit row as answered: status 200 and the latency up to the commit.</summary>
    private AuditEntry? Answered(TurnAudit? audit, long started) => audit is null ? null
        : audit.Entry with { Status = 200, LatencyMs = audit.ElapsedMsAtCall + time.GetElapsedTime(started).TotalMilliseconds };

    /// <summary>
    /// Hands the turn's reservation back. When the quota grain's silo died mid-turn, the reservation
    /// died with that grain's activation (the next one seeds its counts from Postgres), so there is nothing
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
            throw new TurnErrorException(new(TurnErrorKind.SessionNotFound, $"No session '{_sessionId}'"));
        }
    }

    private async Task CheckPreviousAsync(string previous, TurnRequest request, CancellationToken ct)
    {
        var notFound = new TurnErrorException(new(TurnErrorKind.PreviousResponseNotFound, $"No response '{previous}'", "previous_response_id"));
        if (_owner is null || (_owner != request.UserId && !request.CallerIsTenantAdmin))
        {
            throw notFound;
        }
        var row = await responses.GetAsync(_tenantId, _sessionId, previous, ct) ?? throw notFound;
        // The conversation is one line of messages: it continues only from its newest point.
        if (row.HistoryEnd != _history.Count)
        {
            throw new TurnErrorException(new(TurnErrorKind.PreviousResponseNotLatest,
                $"Response '{previous}' is not the latest turn of its conversation; continue from the newest response", "previous_response_id"));
        }
    }

    /// <summary>The approval requests a turn stopped for, written with its messages: the calls without results are never left unguarded.</summary>
    private IReadOnlyList<ApprovalRow>? ApprovalRows(TurnRequest request, TurnResult result) =>
        result.Approvals is { Count: > 0 } asked && request.Response is { } response
            ? [.. asked.Select(a => new ApprovalRow(_sessionId, response.Id, a))]
            : null;

    /// <summary>
    /// Sets the reminder that times the requests out. Should it fail, the requests still time out: the next turn of the
    /// conversation records them as timed out once their deadline has passed.
    /// </summary>
    private async Task ArmApprovalDeadlineAsync(string responseId, DateTimeOffset deadline)
    {
        try
        {
            await grains.Reference<Abstractions.Approvals.IApprovalTimeoutGrain>(Abstractions.Runs.RunKey.For(_tenantId, responseId)).ArmAsync(deadline);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Session {SessionId}: the approval deadline of {ResponseId} could not be set ({Error})", _sessionId, responseId, e.GetType().Name);
        }
    }

    private ResponseRow? ResponseRow(TurnRequest request, TurnResult result, int producedCount) =>
        request.Response is { Store: true } response
            ? ResponseStore.Row(_sessionId, request.UserId, _history.Count + producedCount, response, result)
            : null;

    public async Task<StoredResponse?> GetResponseAsync(string responseId, string userId, bool callerIsTenantAdmin)
    {
        await LoadAsync();
        if (_owner is null || (_owner != userId && !callerIsTenantAdmin))
        {
            return null;
        }
        return (await responses.GetAsync(_tenantId, _sessionId, responseId))?.Response;
    }

    public async Task<bool> DeleteResponseAsync(string responseId, string userId, bool callerIsTenantAdmin)
    {
        await LoadAsync();
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
            throw new TurnErrorException(new(TurnErrorKind.ModelRejected, $"The model provider rejected the request ({ex.StatusCode})"));
        }
        catch (LlmOutputMismatchException ex)
        {
            throw new TurnErrorException(new(TurnErrorKind.ModelOutputInvalid,
                $"The model's output did not match the strict schema, also when asked again: {ex.Problem}"));
        }
        catch (Exception ex) when (ex is LlmException or HttpRequestException or TimeoutException)
        {
            // Messages of provider errors can quote upstream bodies; the caller gets a fixed text.
            throw new TurnErrorException(new(TurnErrorKind.ModelUnavailable, $"The model provider is unavailable: {ex.GetType().Name}"));
        }
    }

    /// <summary>
    /// One write of the group commit: the session's row when this is its first, the messages (the
    /// last carrying the turn's key and answer), the session's new count and title, the usage of
    /// the model calls, the audit row and the stored response. Nothing of it exists until all of it does.
    /// </summary>
    private async Task CommitAsync(List<SessionMessage> produced, IReadOnlyList<UsageRow> usage, TurnReceipt? receipt, AuditEntry? audit, ResponseRow? response,
        bool keep = true, IReadOnlyList<ApprovalRow>? approvals = null)
    {
        var firstSeq = _history.Count + 1;
        var messages = new List<MessageRow>(produced.Count);
        for (var i = 0; i < produced.Count; i++)
        {
            var last = i == produced.Count - 1 ? receipt : null;
            messages.Add(new MessageRow(_sessionId, firstSeq + i, produced[i], last?.Key,
                last is null ? null : JsonSerializer.Serialize(last.Result with { Audited = false }, StoreJson.Default.TurnResult)));
        }
        var title = _titled ? null : produced.FirstOrDefault(m => m.Role == "user")?.Content;
        var count = firstSeq + messages.Count - 1;
        var write = new TenantWrite(_tenantId)
        {
            // A new session's row is inserted as it stands after this turn; an existing one is brought up to date.
            Sessions = _pendingRow is { } row ? [row with { Title = title, MessageCount = count }] : [],
            Messages = messages,
            Touches = _pendingRow is null && messages.Count > 0 ? [new SessionTouch(_sessionId, count, title)] : [],
            Usage = usage,
            Audit = audit is null ? [] : [audit],
            Responses = response is null ? [] : [response],
            Approvals = approvals ?? [],
        };
        try
        {
            await committer.CommitAsync(write);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            // A connection lost around the commit leaves its outcome unknown: the write may be in Postgres.
            // The next turn must start from what Postgres holds, so this session is let go and the next
            // one reloads the history (and the keys of committed turns, so a resend is answered).
            stale();
            throw;
        }
        _pendingRow = null;
        if (!keep)
        {
            // Nothing of the turn is kept: whoever continues the session reads it from Postgres.
            _loaded = null;
            produced.Clear();
            return;
        }
        _titled |= title is not null;
        _history.AddRange(produced);
        _modelHistory.AddRange(produced.Select(MessageMapping.ToAi));
        produced.Clear();
        if (receipt is not null && messages.Count > 0)
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

    public async Task<SessionCreation> CreateAsync(string userId, string? title, string? model)
    {
        await _turnLock.WaitAsync();
        try
        {
            await LoadAsync();
            if (_owner is not null)
            {
                return new SessionCreation(null);
            }
            var decision = await grains.Reference<ITenantQuotaGrain>(_tenantId).AdmitSessionAsync();
            if (!decision.Allowed)
            {
                return new SessionCreation(null, QuotaError(decision));
            }
            var row = await store.CreateAsync(_tenantId, _sessionId, userId, title, model);
            _owner = row.UserId;
            _titled = row.Title is not null;
            return new SessionCreation(new SessionCreated(row.Id, row.UserId, row.Title, row.Model, row.CreatedAt));
        }
        finally
        {
            _turnLock.Release();
        }
    }
}

/// <summary>A turn's error raised inside the session; the grain answers it as a <see cref="TurnError"/>, never as an exception.</summary>
public sealed class TurnErrorException(TurnError error) : Exception(error.Message)
{
    public TurnError Error { get; } = error;
}
