using HermesX.Grains.Abstractions;
using HermesX.Grains.Abstractions.Caching;
using HermesX.Grains.Abstractions.Runs;
using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Serialization;

namespace HermesX.Grains.Runs;

/// <summary>
/// A background run. Its turn runs in its session's grain (so it takes its place among the session's turns);
/// this grain starts it and sees it to its end. While the run has not ended, a reminder wakes this grain
/// every <see cref="ReminderPeriod"/>: when the silo it ran on died, the reminder (or any request for the
/// run) activates it on a live silo, which sends the turn again, and the turn continues from its committed
/// steps (<see cref="RunLog"/>). The run's row says where it stands; only this grain changes it.
/// </summary>
[GrainType("response-run"), Orleans.Placement.PreferLocalPlacement]
public sealed class ResponseRunGrain(RunStore store, Serializer serializer, WebhookOutbox webhooks, IServiceProvider services, ILogger<ResponseRunGrain> logger)
    : Grain, IResponseRunGrain, IRemindable
{
    public const string Reminder = "run";

    /// <summary>Orleans' shortest reminder period: how long a run whose silo died waits at most for a silo to take it up unasked.</summary>
    public static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    /// <summary>Sends of the turn in one go while its session's silo is gone; after them the next reminder tries again.</summary>
    private const int Attempts = 20;

    private const int EventPage = 500;

    private string _tenantId = "";
    private string _id = "";
    private RunRow? _run;
    private Task? _execution;
    private CancellationTokenSource? _stop;

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        (_tenantId, _id) = RunKey.Parse(this.GetPrimaryKeyString());
        _run = await store.GetAsync(_tenantId, _id);
        Continue();
    }

    async Task<RunSnapshot> IResponseRunGrain.StartAsync(RunStart start)
    {
        var retry = start.RetryEnded && _run is { Status: RunStatus.Failed or RunStatus.Cancelled };
        if (_run is null || retry)
        {
            var request = start.Request;
            var response = request.Response ?? throw new ArgumentException("A background run answers a Responses API request", nameof(start));
            var row = new RunRow(_id, start.SessionId, request.UserId, RunStatus.Queued,
                serializer.SerializeToArray(request), response.RequestJson, request.Model, response.Stream, null, response.CreatedAt);
            _run = retry ? await store.RestartAsync(_tenantId, row) : await store.InsertAsync(_tenantId, row);
            await this.RegisterOrUpdateReminder(Reminder, ReminderPeriod, ReminderPeriod);
            Continue();
        }
        return Snapshot(_run!);
    }

    Task<RunSnapshot?> IResponseRunGrain.GetAsync(string userId, bool callerIsTenantAdmin)
    {
        Continue();
        return Task.FromResult(Visible(userId, callerIsTenantAdmin) is { } run ? Snapshot(run) : null);
    }

    async Task<RunEventPage?> IResponseRunGrain.ReadEventsAsync(string userId, bool callerIsTenantAdmin, int afterSeq)
    {
        if (Visible(userId, callerIsTenantAdmin) is not { } run)
        {
            return null;
        }
        Continue();
        // Read after the status: a run that had ended (or stopped for approvals) then has its last event among these.
        var ended = RunStatus.IsStopped(run.Status);
        return new RunEventPage(await store.EventsAsync(_tenantId, _id, afterSeq, EventPage), ended);
    }

    async Task<RunCancellation> IResponseRunGrain.CancelAsync(string userId, bool callerIsTenantAdmin)
    {
        if (Visible(userId, callerIsTenantAdmin) is not { } run)
        {
            return new RunCancellation(null);
        }
        if (!RunStatus.IsEnded(run.Status))
        {
            // Recorded before the turn is stopped: the turn, seeing the run cancelled, keeps what it did as a cancelled turn.
            var cancelled = run with { Status = RunStatus.Cancelled };
            if (await store.EndAsync(_tenantId, _id, RunStatus.Cancelled, new TurnEvent(TurnEventKinds.Cancelled), Reported(Snapshot(cancelled))))
            {
                _run = cancelled;
                _stop?.Cancel();
                await EndedAsync();
            }
            else
            {
                _run = await store.GetAsync(_tenantId, _id);
            }
        }
        return new RunCancellation(Snapshot(_run!));
    }

    async Task IResponseRunGrain.ApprovalsTimedOutAsync()
    {
        if (_run is not { Status: RunStatus.RequiresAction } run)
        {
            return;
        }
        var next = serializer.SerializeToArray(Continuation(serializer.Deserialize<TurnRequest>(run.Request)!));
        if (!await store.ContinueAsync(_tenantId, _id, next))
        {
            _run = await store.GetAsync(_tenantId, _id);
            return;
        }
        _run = run with { Status = RunStatus.InProgress, Request = next };
        await this.RegisterOrUpdateReminder(Reminder, ReminderPeriod, ReminderPeriod);
        Continue();
    }

    /// <summary>
    /// The run's turn once its approval requests timed out: no new input (the session answers the timed-out calls first),
    /// continuing from the run's own response, under a key of its own so the stopped turn's answer is not replayed.
    /// Stored as the run's request, so an attempt on another silo continues the same way.
    /// </summary>
    private TurnRequest Continuation(TurnRequest stopped) => stopped with
    {
        Messages = [.. stopped.Messages.Where(m => m.Role == "system")],
        Approvals = null,
        IdempotencyKey = (stopped.IdempotencyKey ?? _id) + "+approvals-timed-out",
        Response = stopped.Response! with { PreviousResponseId = _id },
    };

    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (_run is { } run && RunStatus.IsStopped(run.Status))
        {
            return StopReminderAsync();
        }
        Continue();
        return Task.CompletedTask;
    }

    /// <summary>Runs the turn unless it is running here already or the run has ended.</summary>
    private void Continue()
    {
        if (_run is { Status: RunStatus.Queued or RunStatus.InProgress } run && _execution is null or { IsCompleted: true })
        {
            _execution = ExecuteAsync(run);
        }
    }

    private async Task ExecuteAsync(RunRow run)
    {
        using var stop = new CancellationTokenSource();
        _stop = stop;
        try
        {
            if (run.Status == RunStatus.Queued && await store.StartedAsync(_tenantId, _id) && _run?.Status == RunStatus.Queued)
            {
                _run = _run with { Status = RunStatus.InProgress };
            }
            var request = serializer.Deserialize<TurnRequest>(run.Request)!;
            var session = GrainFactory.Reference<ISessionGrain>(SessionKey.For(_tenantId, run.SessionId));
            for (var attempt = 1; attempt <= Attempts && !stop.IsCancellationRequested; attempt++)
            {
                try
                {
                    await EndAsync(await session.RunBackgroundTurnAsync(request, stop.Token));
                    return;
                }
                catch (Exception e) when (!stop.IsCancellationRequested && (SiloGone.Is(e) || e is TimeoutException))
                {
                    // The session's silo died or left: its next activation continues the turn from the committed steps.
                    logger.LogWarning("Run {RunId}: its turn was interrupted ({Error}); sent again", _id, e.GetType().Name);
                    await Task.Delay(SiloGone.Backoff * Math.Min(attempt, 8), CancellationToken.None);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested || _run is { } ended && RunStatus.IsEnded(ended.Status))
        {
            // Cancelled (here, or by an abort of its session, which cancels the run first): CancelAsync has recorded it.
        }
        catch (Exception e) when (!Unreachable(e) && !SiloGone.Is(e))
        {
            // The turn itself threw (a tool, its store): it has ended and kept its usage, so the run ends failed.
            logger.LogError(e, "Run {RunId} failed", _id);
            await EndAsync(new TurnOutcome(null, new TurnError(TurnErrorKind.RunFailed, "The run failed inside HermesX; the server's log names this response id")));
        }
        catch (Exception e)
        {
            // The store or the cluster unreachable: the run stays where its row says, and the next reminder or request takes it up.
            logger.LogError(e, "Run {RunId} stopped; the next reminder continues it", _id);
        }
        finally
        {
            _stop = null;
        }
    }

    /// <summary>Postgres or a grain that did not answer: what a later attempt may find working again.</summary>
    private static bool Unreachable(Exception e) =>
        e is OperationCanceledException or TimeoutException || e is Npgsql.NpgsqlException and not Npgsql.PostgresException;

    private async Task EndAsync(TurnOutcome outcome)
    {
        var (status, last) = outcome.Result is { } result
            ? (result.RequiresApproval ? RunStatus.RequiresAction : RunStatus.Completed,
                new TurnEvent(TurnEventKinds.Completed, Result: result with { Replayed = false, Audited = false }))
            : (RunStatus.Failed, new TurnEvent(TurnEventKinds.Error, Error: outcome.Error));
        var ended = _run! with { Status = status, Error = outcome.Error };
        if (await store.EndAsync(_tenantId, _id, status, last, Reported(Snapshot(ended) with { Result = outcome.Result })))
        {
            _run = ended;
            await EndedAsync();
        }
        else
        {
            _run = await store.GetAsync(_tenantId, _id);
        }
    }

    /// <summary>
    /// The one place a run's end is acted on, once per run (its status and webhook event are committed when this runs): the reminder stops.
    /// A run stopped for approvals stops its reminder too: the deadline's own (<c>ApprovalTimeoutGrain</c>) continues it.
    /// </summary>
    private Task EndedAsync() => StopReminderAsync();

    /// <summary>
    /// The webhook event of the run's end (response.completed, response.failed or response.cancelled, with the response
    /// object), queued in the transaction that records the end: reported if and only if it ended, and once. A resumable
    /// chat stream's run has no response object and no webhook event (its chat turn would have none either).
    /// </summary>
    private Func<NpgsqlConnection, NpgsqlTransaction, Task>? Reported(RunSnapshot ended) => ChatRunId.Is(_id) ? null : (conn, tx) =>
    {
        var data = services.GetService<IResponseObjects>()?.Render(ended) ?? RunWebhooks.Minimal(ended);
        return webhooks.EnqueueAsync(conn, tx, _tenantId, RunWebhooks.EventOf(ended.Status), data);
    };

    private async Task StopReminderAsync()
    {
        try
        {
            if (await this.GetReminder(Reminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception e) when (e is Orleans.Runtime.ReminderException or TimeoutException)
        {
            // A reminder left behind finds the run ended on its next tick and stops then.
            logger.LogWarning("Run {RunId}: its reminder could not be stopped ({Error})", _id, e.GetType().Name);
        }
    }

    private RunRow? Visible(string userId, bool callerIsTenantAdmin) =>
        _run is { } run && (run.UserId == userId || callerIsTenantAdmin) ? run : null;

    private static RunSnapshot Snapshot(RunRow run) =>
        new(run.Id, run.SessionId, run.Status, run.Model, run.EchoJson, run.CreatedAt, run.Stream, run.Error);
}
