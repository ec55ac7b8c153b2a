using HermesX.Grains.Abstractions.Runs;
using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Agent;

namespace HermesX.Grains.Runs;

/// <summary>
/// What the turn of a background run commits as it goes: each model answer that asked for tools and
/// each server tool's result (its steps, with the usage of the call that made them), and with a stream
/// its text deltas. A later attempt of the same run, on any silo, starts from these steps: no tool whose
/// result is committed runs again (and one that ran without its step committed is answered by its
/// receipt), and at most the model call that was under way is made again.
/// </summary>
public sealed class RunLog(RunStore store, string tenantId, string responseId, bool stream)
{
    private int _steps;
    private int _savedUsage;
    private readonly List<TurnEvent> _unsaved = [];
    private Task _saving = Task.CompletedTask;

    /// <summary>How many of the turn's messages came from an earlier attempt's steps (the last ones of <see cref="AgentTurn.Produced"/>).</summary>
    public int Resumed { get; private set; }

    /// <summary>Puts an earlier attempt's steps back into <paramref name="turn"/> and marks the interruption in its stream.</summary>
    public async Task ResumeAsync(AgentTurn turn)
    {
        var steps = await store.StepsAsync(tenantId, responseId);
        foreach (var step in steps)
        {
            turn.Produced.Add(step.Message);
            turn.Usage.AddRange(step.Usage);
            turn.TokensSpent += step.Usage.Sum(u => u.InputTokens + u.OutputTokens);
        }
        _steps = Resumed = steps.Count;
        _savedUsage = turn.Usage.Count;
        if (stream)
        {
            // Whatever the stream showed of the call that was under way ends here; its redo is a new item.
            await store.AppendToStartedAsync(tenantId, responseId, new TurnEvent(TurnEventKinds.Interrupted));
        }
    }

    /// <summary>Commits one step, with the usage of the model calls made since the last one.</summary>
    public Task StepAsync(AgentTurn turn, SessionMessage message)
    {
        var usage = turn.Usage.Skip(_savedUsage).ToList();
        _savedUsage = turn.Usage.Count;
        return store.AddStepAsync(tenantId, responseId, _steps++, message, usage);
    }

    /// <summary>
    /// Stores a text delta for the run's stream readers (nothing when the run is not streamed). The turn does not wait for it:
    /// one write is under way at a time and the deltas that come meanwhile go in the next, so a fast stream costs a write per
    /// round trip, not per delta. Any other event of the turn (its end, a tool) waits until its text is stored, and a failed
    /// write fails the turn there or at the next delta.
    /// </summary>
    public Task EventAsync(TurnEvent e)
    {
        if (!stream || _saving.IsFaulted || e is not { Kind: TurnEventKinds.Delta, Text.Length: > 0 })
        {
            return _saving;
        }
        _unsaved.Add(e with { Deployment = null });
        if (_saving.IsCompleted)
        {
            _saving = SaveAsync();
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Waits for the deltas still being stored, so that the run's end, recorded once its turn returns, is numbered after
    /// them. For a turn that ended otherwise than through its last event: a failure here is part of the failure already ending it.
    /// </summary>
    public async Task SettledAsync()
    {
        try
        {
            await _saving;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or OperationCanceledException)
        {
            // The turn is failing already; the run's next attempt or its end takes it from here.
        }
    }

    // Runs on the session grain's scheduler, as EventAsync does: the list needs no lock.
    private async Task SaveAsync()
    {
        while (_unsaved.Count > 0)
        {
            var batch = _unsaved.ToArray();
            _unsaved.Clear();
            await store.AppendEventsAsync(tenantId, responseId, batch);
        }
    }

    /// <summary>Whether the run was cancelled: its turn then keeps what it did; otherwise a stopped attempt leaves it to the next one.</summary>
    public async Task<bool> CancelledAsync() => (await store.GetAsync(tenantId, responseId))?.Status == RunStatus.Cancelled;
}
