using System.Diagnostics.CodeAnalysis;

namespace HermesX.Grains.Llm;

/// <summary>Hands out one cached, resilient chat client per provider and model.</summary>
public interface ILlmClientFactory
{
    /// <summary>The client for a model id; null or empty means the default model.</summary>
    /// <exception cref="LlmModelNotFoundException">The id is not in the catalog.</exception>
    LlmClient GetClient(string? modelId = null);

    /// <summary>Like <see cref="GetClient"/> but returns false for an unknown model.</summary>
    bool TryGetClient(string? modelId, [NotNullWhen(true)] out LlmClient? client);
}
