using System.Diagnostics;
using System.Runtime.CompilerServices;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Llm.Catalog;
using Microsoft.Extensions.AI;

namespace HermesX.Grains.Llm.Routing;

/// <summary>One upstream a call may go to: the catalog model it serves, the deployment and its resilient client.</summary>
internal sealed record Route<TClient>(ModelInfo Model, ModelDeployment Deployment, TClient Client);

/// <summary>
/// Orders where a call to a model goes: its available deployments by weight, then each fallback model's the
/// same way, then (as a last resort, so a call is never refused for want of a healthy upstream) the ones
/// cooling down or over their caps. A prompt longer than the model's context goes to the fallbacks declared
/// large enough for it, when there are any. One router per kind of call (chat, embeddings), over the one
/// <see cref="DeploymentHealth"/> of the process; <paramref name="unfit"/> says why a model cannot serve this
/// kind of call (null when it can), and such a model is left out of every plan.
/// </summary>
internal sealed partial class LlmRouter<TClient>(
    IModelCatalog catalog, DeploymentHealth health, Func<ModelInfo, ModelDeployment, bool, TClient> build, Func<ModelInfo, string?>? unfit = null)
{
    private readonly ConditionalWeakTable<ModelInfo, IReadOnlyList<ModelDeployment>> _deployments = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TClient> _clients = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<ModelInfo, Route<TClient>[]> _single = [];

    public DeploymentHealth Health => health;

    /// <summary>Where a call goes, in order; empty when neither the model nor any of its fallbacks can serve it.</summary>
    /// <param name="prompt">What the call sends.</param>
    /// <param name="promptTokens">
    /// Its estimated size in tokens, asked only when the model declares a context length and has fallbacks. Given apart
    /// from the prompt, so a caller passes a static function and a plan costs no delegate of its own.
    /// </param>
    public IReadOnlyList<Route<TClient>> Plan<TPrompt>(ModelInfo model, TPrompt prompt, Func<TPrompt, long> promptTokens)
    {
        // Most models have one upstream and nowhere else to go: their one route is worked out once.
        if (model.Fallbacks.Count == 0 && DeploymentsOf(model).Count == 1 && Fits(model))
        {
            return _single.GetValue(model, m => [RouteTo(m, DeploymentsOf(m)[0], retries: true)]);
        }

        var models = Models(model, prompt, promptTokens);
        var retries = Retries(models);
        var available = new List<Route<TClient>>();
        var resting = new List<Route<TClient>>();
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

    /// <summary>Why <paramref name="model"/> cannot serve this router's calls; null when it can.</summary>
    public string? Unfit(ModelInfo model) => unfit?.Invoke(model);

    /// <summary>The client of the model's first deployment: what asking the model's client for a service (metadata, telemetry) reaches.</summary>
    public TClient PrimaryClient(ModelInfo model) => RouteTo(model, DeploymentsOf(model)[0], Retries(WithFallbacks(model))).Client;

    /// <summary>The deployments of a model; one built from its own keys when the catalog names none.</summary>
    public IReadOnlyList<ModelDeployment> DeploymentsOf(ModelInfo model) =>
        model.Deployments.Count > 0 ? model.Deployments : _deployments.GetValue(model, static m => [CatalogDeployments.Own(m)]);

    private List<ModelInfo> Models<TPrompt>(ModelInfo model, TPrompt prompt, Func<TPrompt, long> promptTokens)
    {
        var models = WithFallbacks(model).Where(Fits).ToList();
        if (model.ContextLength is not { } context || models.Count <= 1 || models[0] != model)
        {
            return models;
        }

        var tokens = promptTokens(prompt);
        if (tokens <= context)
        {
            return models;
        }

        var larger = models.Skip(1).Where(m => m.ContextLength >= tokens).ToList();
        return larger.Count > 0 ? larger : models;
    }

    private List<ModelInfo> WithFallbacks(ModelInfo model)
    {
        var models = new List<ModelInfo>(1 + model.Fallbacks.Count) { model };
        foreach (var id in model.Fallbacks)
        {
            if (catalog.TryGet(id, out var fallback))
            {
                models.Add(fallback);
            }
        }

        return models;
    }

    /// <summary>Whether the model can serve this router's calls; one that cannot is said on the call's trace.</summary>
    private bool Fits(ModelInfo model)
    {
        if (Unfit(model) is not { } reason)
        {
            return true;
        }

        Activity.Current?.AddEvent(new ActivityEvent("hermes.llm.model_skipped", tags: new ActivityTagsCollection
        {
            ["gen_ai.request.model"] = model.Id,
            ["hermes.llm.skip_reason"] = reason,
        }));
        return false;
    }

    /// <summary>With somewhere else to go, a failing deployment is left at once instead of retried.</summary>
    private bool Retries(List<ModelInfo> models) => models.Sum(m => DeploymentsOf(m).Count) == 1;

    private Route<TClient> RouteTo(ModelInfo model, ModelDeployment deployment, bool retries)
    {
        var key = $"{deployment.Provider}|{deployment.Id}|{deployment.BaseUrl}|{deployment.ApiKeyVariable}|{model.MaxOutputTokens}|{retries}";
        var client = _clients.GetOrAdd(key, static (_, s) => s.Build(s.Model, s.Deployment, s.Retries), (Build: build, Model: model, Deployment: deployment, Retries: retries));
        return new Route<TClient>(model, deployment, client);
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
    /// <summary>A prompt's size in tokens at the usual four characters each: what a model's context must hold.</summary>
    public static long Estimate(IReadOnlyList<ChatMessage> history) => (Characters(history) + 3) / 4;

    /// <summary>The characters a prompt's messages send: texts, tool calls and their arguments, tool results, attached data.</summary>
    public static long Characters(IReadOnlyList<ChatMessage> messages)
    {
        long chars = 0;
        foreach (var message in messages)
        {
            foreach (var content in message.Contents)
            {
                chars += content switch
                {
                    TextContent t => t.Text.Length,
                    FunctionCallContent f => f.Name.Length + (f.Arguments?.Sum(a => a.Key.Length + (a.Value?.ToString()?.Length ?? 4)) ?? 0),
                    FunctionResultContent r => r.Result?.ToString()?.Length ?? 0,
                    DataContent d => d.Data.Length,
                    _ => 0,
                };
            }
        }
        return chars;
    }
}
