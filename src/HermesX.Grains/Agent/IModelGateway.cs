using Microsoft.Extensions.AI;

namespace HermesX.Grains.Agent;

/// <summary>What the agent loop needs to know about a model from the catalog.</summary>
public sealed record ModelDescriptor(string Id, string Provider, int MaxOutputTokens, decimal InputPricePerMillion, decimal OutputPricePerMillion);

/// <summary>The agent loop's view of the LLM layer: catalog lookup and the shared, resilient client per model.</summary>
public interface IModelGateway
{
    /// <summary>The model used when a request names none (HERMES_MODEL).</summary>
    string DefaultModel { get; }

    ModelDescriptor? Find(string modelId);

    IReadOnlyList<ModelDescriptor> List();

    /// <summary>The client for the model; the same instance for every request, so its circuit breaker is shared.</summary>
    IChatClient GetClient(string modelId);
}

/// <summary>The provider is unavailable (circuit open, retries exhausted); the HTTP layer answers 503.</summary>
public sealed class ModelUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
