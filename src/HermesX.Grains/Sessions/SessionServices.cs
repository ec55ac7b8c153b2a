using HermesX.Grains.Abstractions.Caching;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Agent;
using HermesX.Grains.Store;
using Microsoft.Extensions.Logging;

namespace HermesX.Grains.Sessions;

/// <summary>What every <see cref="Session"/> works with, made once per process.</summary>
public sealed class SessionServices(
    SessionStore store, ResponseStore responses, AgentRunner runner, IModelCatalog models, ISiloCache tenants, TimeProvider time,
    ILogger<Session> logger)
{
    public SessionStore Store => store;

    public ResponseStore Responses => responses;

    public AgentRunner Runner => runner;

    public IModelCatalog Models => models;

    public ISiloCache Tenants => tenants;

    public TimeProvider Time => time;

    public ILogger Logger => logger;

    /// <summary>The conversation <paramref name="sessionId"/> of <paramref name="tenantId"/>, read from Postgres when first needed.</summary>
    public Session Open(string tenantId, string sessionId, IGrainFactory grains, Action stale) =>
        new(tenantId, sessionId, this, grains, stale);
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
