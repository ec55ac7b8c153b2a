using System.Runtime.CompilerServices;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Llm.Catalog;
using Microsoft.Extensions.AI;

namespace HermesX.Grains.Llm.Routing;

/// <summary>One upstream a call may go to: the catalog model it serves, the deployment and its resilient client.</summary>
internal sealed record Route(ModelInfo Model, ModelDeployment Deployment, IChatClient Client);

/// <summary>
/// Orders where a call to a model goes: its available deployments by weight, then each fallback model's the
/// same way, then (as a last resort, so a call is never refused for want of a healthy upstream) the ones
/// cooling down or over their caps. A prompt longer than the model's context goes to the fallbacks declared
/// large enough for it, when there are any.
/// </summary>
internal sealed class LlmRouter(IModelCatalog catalog, DeploymentHealth health, Func<ModelInfo, ModelDeployment, bool, IChatClient> build)
{
    private readonly ConditionalWeakTable<ModelInfo, IReadOnlyList<ModelDeployment>> _deployments = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IChatClient> _clients = new(StringComparer.Ordinal);

    public DeploymentHealth Health => health;

    public IReadOnlyList<Route> Plan(ModelInfo model, IReadOnlyList<ChatMessage> history)
    {
        var models = Models(model, history);
        // With somewhere else to go, a failing deployment is left at once instead of retried.
        var retries = models.Sum(m => DeploymentsOf(m).Count) == 1;
        var available = new List<Route>();
        var resting = new List<Route>();
        foreach (var candidate in models)
        {
            var deployments = DeploymentsOf(candidate);
            var up = deployments.Where(health.IsAvailable).ToList();
            available.AddRange(WeightedOrder(up).Select(d => RouteTo(candidate, d, retries)));
            resting.AddRange(deployments.Except(up).Select(d => RouteTo(candidate, d, retries)));
        }

        available.AddRange(resting);
        return available;
    }

    /// <summary>The deployments of a model; one built from its own keys when the catalog names none.</summary>
    public IReadOnlyList<ModelDeployment> DeploymentsOf(ModelInfo model) =>
        model.Deployments.Count > 0 ? model.Deployments : _deployments.GetValue(model, static m =>
        [
            new ModelDeployment
            {
                Id = CatalogDeployments.IdOf(m.Provider, m.BaseUrl, m.Id),
                Provider = m.Provider,
                BaseUrl = m.BaseUrl,
                ApiKeyVariable = m.ApiKeyVariable,
                Model = m.Id,
            },
        ]);

    private List<ModelInfo> Models(ModelInfo model, IReadOnlyList<ChatMessage> history)
    {
        var models = new List<ModelInfo>(1 + model.Fallbacks.Count) { model };
        foreach (var id in model.Fallbacks)
        {
            if (catalog.TryGet(id, out var fallback))
            {
                models.Add(fallback);
            }
        }

        if (model.ContextLength is not { } context || models.Count == 1)
        {
            return models;
        }

        var prompt = PromptTokens.Estimate(history);
        if (prompt <= context)
        {
            return models;
        }

        var larger = models.Skip(1).Where(m => m.ContextLength >= prompt).ToList();
        return larger.Count > 0 ? larger : models;
    }

    private Route RouteTo(ModelInfo model, ModelDeployment deployment, bool retries)
    {
        var key = $"{deployment.Provider}|{deployment.Id}|{deployment.BaseUrl}|{deployment.ApiKeyVariable}|{model.MaxOutputTokens}|{retries}";
        var client = _clients.GetOrAdd(key, static (_, s) => s.Build(s.Model, s.Deployment, s.Retries), (Build: build, Model: model, Deployment: deployment, Retries: retries));
        return new Route(model, deployment, client);
    }

    /// <summary>A weighted random order: each place goes to one of the rest with odds proportional to its weight.</summary>
    private static List<ModelDeployment> WeightedOrder(List<ModelDeployment> deployments)
    {
        if (deployments.Count <= 1)
        {
            return deployments;
        }

        var ordered = new List<ModelDeployment>(deployments.Count);
        var rest = new List<ModelDeployment>(deployments);
        while (rest.Count > 0)
        {
            var pick = Random.Shared.NextInt64(rest.Sum(d => (long)d.Weight));
            var index = 0;
            while (pick >= rest[index].Weight)
            {
                pick -= rest[index].Weight;
                index++;
            }

            ordered.Add(rest[index]);
            rest.RemoveAt(index);
        }

        return ordered;
    }
}

/// <summary>A prompt's size in tokens, estimated at four characters per token (a provider's count is known only after the call).</summary>
internal static class PromptTokens
{
    public static long Estimate(IReadOnlyList<ChatMessage> history) =>
        history.Sum(m => ((long)(m.Text?.Length ?? 0) + 3) / 4);
}
