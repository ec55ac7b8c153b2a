using Microsoft.Extensions.AI;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Grains.Llm;

/// <summary>
/// A model and the shared chat client that calls it. The client already retries transient failures and
/// carries the model's circuit breaker; callers use it as is and never dispose it.
/// </summary>
public sealed record LlmClient(ModelInfo Model, IChatClient ChatClient)
{
    /// <summary>The additional property of a response and of each streamed update naming the deployment that served it.</summary>
    public const string DeploymentProperty = "hermes.deployment";

    /// <summary>
    /// The additional property of a response and of each streamed update holding the catalog <see cref="ModelInfo"/> that
    /// served it: the model asked for, or the fallback the call moved to, whose prices it is billed at.
    /// </summary>
    public const string ModelProperty = "hermes.model";
}
