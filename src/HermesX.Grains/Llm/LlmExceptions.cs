namespace HermesX.Grains.Llm;

/// <summary>A failure calling a model, tagged with the provider and model for logs and metrics.</summary>
public abstract class LlmException(string provider, string model, string message, Exception? inner)
    : Exception(message, inner)
{
    public string Provider { get; } = provider;

    public string Model { get; } = model;
}

/// <summary>
/// The model cannot be reached right now: its circuit breaker is open (<see cref="IsCircuitOpen"/>, the call
/// never left this process) or transient failures outlasted the retries. The HTTP layer answers 503.
/// </summary>
public sealed class LlmUnavailableException(
    string provider, string model, bool isCircuitOpen, TimeSpan? retryAfter, Exception? inner)
    : LlmException(provider, model, isCircuitOpen
        ? $"LLM {provider}/{model} is unavailable: circuit open"
        : $"LLM {provider}/{model} is unavailable: {inner?.Message}", inner)
{
    public bool IsCircuitOpen { get; } = isCircuitOpen;

    /// <summary>When the breaker will let a trial call through, if known.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>The provider rejected the request (4xx other than 408/429): retrying would not help.</summary>
public sealed class LlmRequestException(string provider, string model, int? statusCode, Exception inner)
    : LlmException(provider, model, $"LLM {provider}/{model} rejected the request ({statusCode}): {inner.Message}", inner)
{
    /// <summary>The provider's HTTP status.</summary>
    public int? StatusCode { get; } = statusCode;
}

/// <summary>No model with this id is configured.</summary>
public sealed class LlmModelNotFoundException(string modelId)
    : Exception($"Model '{modelId}' is not in the model catalog")
{
    public string ModelId { get; } = modelId;
}

/// <summary>
/// The model's output broke a strict schema that HermesX checks for its provider, and did again when asked
/// once more: a failure of the provider, as a rejected request is. The HTTP layer answers 502.
/// </summary>
public sealed class LlmOutputMismatchException(string provider, string model, string problem)
    : LlmException(provider, model, $"LLM {provider}/{model} broke a strict schema twice: {problem}", null)
{
    /// <summary>How the second answer broke the schema (schema locations and keywords, no provider text).</summary>
    public string Problem { get; } = problem;
}
