namespace HermesX.Grains.Abstractions.Llm;

/// <summary>
/// One upstream that serves a catalog model: a provider endpoint, its key and the model name it knows.
/// A call picks among a model's deployments by <see cref="Weight"/>.
/// </summary>
public sealed record ModelDeployment
{
    /// <summary>What answers and metrics name the deployment by: the endpoint's host:port and the upstream model, never the key.</summary>
    public required string Id { get; init; }

    /// <summary>One of <see cref="LlmProviders.All"/>.</summary>
    public required string Provider { get; init; }

    /// <summary>Endpoint override; null means the provider's public endpoint.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>Configuration key holding the API key; null means HERMES_API_KEY_LLM.</summary>
    public string? ApiKeyVariable { get; init; }

    /// <summary>The model name the upstream knows.</summary>
    public required string Model { get; init; }

    /// <summary>Relative share of calls (default 1).</summary>
    public int Weight { get; init; } = 1;

    /// <summary>Requests per minute this process sends at most before passing the deployment over.</summary>
    public int? Rpm { get; init; }

    /// <summary>Tokens (input + output) per minute this process uses at most before passing the deployment over.</summary>
    public int? Tpm { get; init; }
}
