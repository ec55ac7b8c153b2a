using System.Diagnostics;
using HermesX.Grains.Abstractions.Diagnostics;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Grains.Llm.Routing;

/// <summary>
/// Going down a plan, for every kind of call alike: a deployment that is unavailable (5xx, 429, timeout,
/// connection error, open breaker) is cooled down and the call moves on; a rejected request is the caller's
/// and ends the call. Each attempt is counted in <c>hermes_llm_deployment_calls_total</c> under the model asked for.
/// </summary>
internal sealed partial class LlmRouter<TClient>
{
    /// <summary>Calls the plan's routes in turn until one answers: its answer and the route that served it.</summary>
    /// <param name="model">The model the caller asked for: what the attempts are counted under.</param>
    /// <param name="state">What the call sends, handed to <paramref name="call"/> and <paramref name="entering"/>, so static functions serve and a call allocates no closure.</param>
    /// <param name="entering">Runs before each route is called (a budget raised to cover its model); what it throws ends the call.</param>
    /// <param name="tokens">The tokens an answer used, counted towards the serving deployment's tpm cap.</param>
    /// <exception cref="LlmUnavailableException">Every route was unavailable: the last one's failure.</exception>
    public async Task<(T Answer, Route<TClient> Route)> CallAsync<T, TState>(ModelInfo model, IReadOnlyList<Route<TClient>> plan, TState state,
        Func<Route<TClient>, TState, CancellationToken, Task<T>> call, Func<T, long> tokens, Func<Route<TClient>, TState, ValueTask>? entering,
        CancellationToken ct)
    {
        LlmUnavailableException? failure = null;
        foreach (var route in plan)
        {
            if (entering is not null)
            {
                await entering(route, state);
            }
            health.Started(route.Deployment);
            T answer;
            try
            {
                answer = await call(route, state, ct);
            }
            catch (Exception e) when (Failed(model, route, e, ct) is { } unavailable)
            {
                failure = unavailable;
                continue;
            }

            Served(model, route, tokens(answer));
            return (answer, route);
        }

        throw failure ?? throw new ArgumentException("the plan has no route", nameof(plan));
    }

    /// <summary>Records an answer of <paramref name="route"/> that used <paramref name="tokens"/>.</summary>
    public void Served(ModelInfo model, Route<TClient> route, long tokens)
    {
        health.Used(route.Deployment, tokens);
        Activity.Current?.SetTag("hermes.llm.deployment", route.Deployment.Id);
        HermesMeter.DeploymentCalled(model.Id, route.Deployment.Id, "success");
    }

    /// <summary>
    /// Records a failed attempt. Returns the failure when the deployment was unavailable, so the call may move
    /// on (it is cooled down); null when the failure is the caller's (a rejected request, a cancellation).
    /// </summary>
    public LlmUnavailableException? Failed(ModelInfo model, Route<TClient> route, Exception exception, CancellationToken ct)
    {
        if (ct.IsCancellationRequested && exception is OperationCanceledException)
        {
            HermesMeter.DeploymentCalled(model.Id, route.Deployment.Id, "cancelled");
            return null;
        }

        if (exception is not LlmUnavailableException unavailable)
        {
            HermesMeter.DeploymentCalled(model.Id, route.Deployment.Id, exception is LlmException ? "rejected" : "error");
            return null;
        }

        health.Failed(route.Deployment, route.Model.Cooldown);
        HermesMeter.DeploymentCalled(model.Id, route.Deployment.Id, "unavailable");
        Activity.Current?.AddEvent(new ActivityEvent("hermes.llm.deployment_unavailable", tags: new ActivityTagsCollection
        {
            ["hermes.llm.deployment"] = route.Deployment.Id,
        }));
        return unavailable;
    }
}
