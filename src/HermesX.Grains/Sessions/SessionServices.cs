using HermesX.Grains.Abstractions.Caching;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Agent;
using HermesX.Grains.Store;
using Microsoft.Extensions.Logging;

namespace HermesX.Grains.Sessions;

/// <summary>What every <see cref="Session"/> works with, made once per process.</summary>
public sealed class SessionServices(
    SessionStore store, GroupCommitter committer, ResponseStore responses, AgentRunner runner, IModelCatalog models, ISiloCache tenants, TimeProvider time,
    ILogger<Session> logger, Runs.RunStore runs, Approvals.ApprovalGate approvals)
{
    public SessionStore Store => store;

    /// <summary>Where a turn commits: the silo's group commit, durable when its call returns.</summary>
    public GroupCommitter Committer => committer;

    public ResponseStore Responses => responses;

    public AgentRunner Runner => runner;

    public IModelCatalog Models => models;

    public ISiloCache Tenants => tenants;

    public TimeProvider Time => time;

    public ILogger Logger => logger;

    /// <summary>Where a background run's turn commits its steps and stream events.</summary>
    public Runs.RunStore Runs => runs;

    /// <summary>Where a turn meets the approval requests its conversation left open.</summary>
    public Approvals.ApprovalGate Approvals => approvals;

    /// <summary>The conversation <paramref name="sessionId"/> of <paramref name="tenantId"/>, read from Postgres when first needed.</summary>
    public Session Open(string tenantId, string sessionId, IGrainFactory grains, Action stale) =>
        new(tenantId, sessionId, this, grains, stale);
}
