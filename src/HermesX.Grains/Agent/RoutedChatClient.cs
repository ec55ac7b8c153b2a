using System.Diagnostics;
using System.Runtime.CompilerServices;
using HermesX.Grains.Abstractions.Diagnostics;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Llm;
using HermesX.Grains.Llm.Routing;
using Microsoft.Extensions.AI;

namespace HermesX.Grains.Agent;

/// <summary>
/// How the agent loop calls a catalog model: down the router's plan, one deployment after another, until
/// one answers. A deployment that is unavailable (5xx, 429, timeout, connection error, open breaker) is
/// cooled down and the call moves on; a rejected request is the caller's and ends the call. A stream moves
/// on only until its first update: once output has reached the caller, another deployment would repeat it.
/// The deployment that served is on the response's and every update's <see cref="LlmClient.DeploymentProperty"/>.
/// </summary>
internal sealed class RoutedChatClient(ModelInfo model, LlmRouter router) : IChatClient
{
    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        LlmUnavailableException? failure = null;
        foreach (var route in router.Plan(model, history))
        {
            router.Health.Started(route.Deployment);
            ChatResponse response;
            try
            {
                response = await route.Client.GetResponseAsync(history, OptionsFor(route, options), cancellationToken);
            }
            catch (Exception e) when (Failed(route, e, cancellationToken) is { } unavailable)
            {
                failure = unavailable;
                continue;
            }

            Served(route, response.Usage);
            (response.AdditionalProperties ??= [])[LlmClient.DeploymentProperty] = route.Deployment.Id;
            return response;
        }

        throw failure!;
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var history = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        LlmUnavailableException? failure = null;
        foreach (var route in router.Plan(model, history))
        {
            router.Health.Started(route.Deployment);
            var stream = route.Client.GetStreamingResponseAsync(history, OptionsFor(route, options), cancellationToken).GetAsyncEnumerator(cancellationToken);
            bool more;
            try
            {
                more = await stream.MoveNextAsync();
            }
            catch (Exception e) when (Failed(route, e, cancellationToken) is { } unavailable)
            {
                await stream.DisposeAsync();
                failure = unavailable;
                continue;
            }
            catch
            {
                await stream.DisposeAsync();
                throw;
            }

            await using (stream)
            {
                var usage = new UsageDetails();
                while (more)
                {
                    var update = stream.Current;
                    (update.AdditionalProperties ??= [])[LlmClient.DeploymentProperty] = route.Deployment.Id;
                    foreach (var used in update.Contents.OfType<UsageContent>())
                    {
                        usage.Add(used.Details);
                    }

                    yield return update;
                    more = await NextAsync(stream, route, cancellationToken);
                }

                Served(route, usage);
            }

            yield break;
        }

        throw failure!;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
        // The deployment clients are shared by every model that routes to them and live as long as the process.
    }

    /// <summary>Advances a stream that has begun: a failure now ends the call, and still cools the deployment down.</summary>
    private async ValueTask<bool> NextAsync(IAsyncEnumerator<ChatResponseUpdate> stream, Route route, CancellationToken ct)
    {
        try
        {
            return await stream.MoveNextAsync();
        }
        catch (Exception e)
        {
            Failed(route, e, ct);
            throw;
        }
    }

    /// <summary>The upstream's own model name goes out, whatever the catalog calls the model.</summary>
    private static ChatOptions? OptionsFor(Route route, ChatOptions? options)
    {
        if (options is null || options.ModelId == route.Deployment.Model)
        {
            return options;
        }

        var own = options.Clone();
        own.ModelId = route.Deployment.Model;
        return own;
    }

    private void Served(Route route, UsageDetails? usage)
    {
        router.Health.Used(route.Deployment, usage?.TotalTokenCount ?? (usage?.InputTokenCount ?? 0) + (usage?.OutputTokenCount ?? 0));
        Activity.Current?.SetTag("hermes.llm.deployment", route.Deployment.Id);
        HermesMeter.DeploymentCalled(model.Id, route.Deployment.Id, "success");
    }

    /// <summary>
    /// Records a failed attempt. Returns the failure when the deployment was unavailable, so the call may move
    /// on (it is cooled down); null when the failure is the caller's (a rejected request, a cancellation).
    /// </summary>
    private LlmUnavailableException? Failed(Route route, Exception exception, CancellationToken ct)
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

        router.Health.Failed(route.Deployment, route.Model.Cooldown);
        HermesMeter.DeploymentCalled(model.Id, route.Deployment.Id, "unavailable");
        Activity.Current?.AddEvent(new ActivityEvent("hermes.llm.deployment_unavailable", tags: new ActivityTagsCollection
        {
            ["hermes.llm.deployment"] = route.Deployment.Id,
        }));
        return unavailable;
    }
}
