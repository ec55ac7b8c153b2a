using System.Runtime.CompilerServices;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Llm;
using HermesX.Grains.Llm.Routing;
using Microsoft.Extensions.AI;

namespace HermesX.Grains.Agent;

/// <summary>
/// How the agent loop calls a catalog model: down the router's plan, one deployment after another, until
/// one answers (<see cref="LlmRouter{TClient}.CallAsync"/>). A stream moves on only until its first update:
/// once output has reached the caller, another deployment would repeat it. Before a fallback model is
/// called, the call's <see cref="CallReservation"/> (on the options, when a USD budget applies) is raised to
/// cover its worst case. The deployment and the catalog model that served are on the response's and every
/// update's <see cref="LlmClient.DeploymentProperty"/> and <see cref="LlmClient.ModelProperty"/>.
/// </summary>
internal sealed class RoutedChatClient(ModelInfo model, LlmRouter<IChatClient> router) : IChatClient
{
    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var hold = CallReservation.Of(options);
        var (response, route) = await router.CallAsync(model, router.Plan(model, history, PromptTokens.Estimate), (History: history, Options: options, Hold: hold),
            static (route, call, ct) => route.Client.GetResponseAsync(call.History, OptionsFor(route, call.Options), ct),
            static r => Tokens(r.Usage), hold is null ? null : static (route, call) => call.Hold!.CoverAsync(route.Model), cancellationToken);
        Stamp(response.AdditionalProperties ??= [], route);
        return response;
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var history = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var hold = CallReservation.Of(options);
        LlmUnavailableException? failure = null;
        foreach (var route in router.Plan(model, history, PromptTokens.Estimate))
        {
            if (hold is not null)
            {
                await hold.CoverAsync(route.Model);
            }
            router.Health.Started(route.Deployment);
            var stream = route.Client.GetStreamingResponseAsync(history, OptionsFor(route, options), cancellationToken).GetAsyncEnumerator(cancellationToken);
            bool more;
            try
            {
                more = await stream.MoveNextAsync();
            }
            catch (Exception e) when (router.Failed(model, route, e, cancellationToken) is { } unavailable)
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
                    Stamp(update.AdditionalProperties ??= [], route);
                    foreach (var used in update.Contents.OfType<UsageContent>())
                    {
                        usage.Add(used.Details);
                    }

                    yield return update;
                    more = await NextAsync(stream, route, cancellationToken);
                }

                router.Served(model, route, Tokens(usage));
            }

            yield break;
        }

        throw failure!;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : router.PrimaryClient(model).GetService(serviceType, serviceKey);

    public void Dispose()
    {
        // The deployment clients are shared by every model that routes to them and live as long as the process.
    }

    /// <summary>Advances a stream that has begun: a failure now ends the call, and still cools the deployment down.</summary>
    private async ValueTask<bool> NextAsync(IAsyncEnumerator<ChatResponseUpdate> stream, Route<IChatClient> route, CancellationToken ct)
    {
        try
        {
            return await stream.MoveNextAsync();
        }
        catch (Exception e)
        {
            router.Failed(model, route, e, ct);
            throw;
        }
    }

    /// <summary>
    /// The upstream's own model name goes out, whatever the catalog calls the model; the call's reservation
    /// stays here (a provider client may send what it does not know of the options upstream).
    /// </summary>
    private static ChatOptions? OptionsFor(Route<IChatClient> route, ChatOptions? options)
    {
        var reserved = options?.AdditionalProperties?.ContainsKey(CallReservation.Property) == true;
        if (options is null || (options.ModelId == route.Deployment.Model && !reserved))
        {
            return options;
        }

        var own = options.Clone();
        own.ModelId = route.Deployment.Model;
        if (reserved)
        {
            own.AdditionalProperties = new(options.AdditionalProperties!);
            own.AdditionalProperties.Remove(CallReservation.Property);
        }
        return own;
    }

    private static void Stamp(AdditionalPropertiesDictionary properties, Route<IChatClient> route)
    {
        properties[LlmClient.DeploymentProperty] = route.Deployment.Id;
        properties[LlmClient.ModelProperty] = route.Model;
    }

    private static long Tokens(UsageDetails? usage) =>
        usage?.TotalTokenCount ?? (usage?.InputTokenCount ?? 0) + (usage?.OutputTokenCount ?? 0);
}
