using Microsoft.Extensions.Configuration;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Grains.Llm;

/// <summary>Looks up model API keys in the configuration given to AddHermesLlm, only when a client is built.</summary>
internal sealed class LlmApiKeys(IConfiguration configuration)
{
    public string? For(ModelInfo model, LlmOptions options) =>
        model.ApiKeyVariable is { } variable ? configuration[variable] : options.ApiKey;
}
