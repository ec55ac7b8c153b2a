using HermesX.Grains.Abstractions.Diagnostics;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Grains.Sessions;

/// <summary>
/// One active conversation: hosts its <see cref="Session"/>, so turns run one after the other
/// wherever they came from, and a re-activation on another silo continues from what Postgres holds.
/// A session is activated on the silo whose frontend took its first request, so that turn stays in
/// one process.
/// </summary>
[GrainType("session"), Orleans.Placement.PreferLocalPlacement]
public sealed class SessionGrain(SessionServices services) : Grain, ISessionGrain
{
    private Session _session = null!;
    private string _tenantId = "";

    public override Task OnActivateAsync(CancellationToken ct)
    {
        (_tenantId, var sessionId) = SessionKey.Parse(this.GetPrimaryKeyString());
        // What the session cannot trust any more (a commit of unknown outcome, a deletion) ends this activation.
        _session = services.Open(_tenantId, sessionId, GrainFactory, DeactivateOnIdle);
        HermesMeter.SessionActivated(_tenantId);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken ct)
    {
        HermesMeter.SessionDeactivated(_tenantId);
        return Task.CompletedTask;
    }

    Task<TurnOutcome> ISessionGrain.RunTurnAsync(TurnRequest request, CancellationToken ct) => _session.RunTurnAsync(request, ct);

    Task<TurnOutcome> ISessionGrain.RunBackgroundTurnAsync(TurnRequest request, CancellationToken ct) => _session.RunBackgroundTurnAsync(request, ct);

    IAsyncEnumerable<TurnEvent> ISessionGrain.StreamTurnAsync(TurnRequest request, CancellationToken ct) => _session.StreamTurnAsync(request, ct);

    Task<string?> ISessionGrain.OwnerAsync() => _session.OwnerAsync();

    Task<bool> ISessionGrain.AbortAsync() => _session.AbortAsync();

    Task<SessionCreation> ISessionGrain.CreateAsync(string userId, string? title, string? model) => _session.CreateAsync(userId, title, model);

    Task<StoredResponse?> ISessionGrain.GetResponseAsync(string responseId, string userId, bool callerIsTenantAdmin) =>
        _session.GetResponseAsync(responseId, userId, callerIsTenantAdmin);

    Task<bool> ISessionGrain.DeleteResponseAsync(string responseId, string userId, bool callerIsTenantAdmin) =>
        _session.DeleteResponseAsync(responseId, userId, callerIsTenantAdmin);

    Task<bool> ISessionGrain.DeleteAsync() => _session.DeleteAsync();
}

/// <summary>
/// The one turn of a session HermesX minted for a non-streamed request without a session id (what a
/// drop-in OpenAI client sends), run where the request arrived, without an activation: nobody else
/// knows the id until the answer names it, so there is nothing to serialize, and such a session is
/// rarely continued (one that is finds it in Postgres).
/// </summary>
public sealed class OneShotTurns(SessionServices services, IGrainFactory grains) : IOneShotTurns
{
    public Task<TurnOutcome> RunAsync(string tenantId, string sessionId, TurnRequest request, CancellationToken ct) =>
        request.NewSessionId
            ? services.Open(tenantId, sessionId, grains, static () => { }).RunTurnAsync(request, ct)
            : throw new ArgumentException("Only a turn of a session minted for it runs without its session grain", nameof(request));
}
