using Anthropic.Exceptions;
using HermesX.Grains.Abstractions.Llm;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace HermesX.Grains.Llm.Resilience;

/// <summary>Reads provider failures the same way whichever SDK raised them.</summary>
internal static class LlmErrorClassifier
{
    /// <summary>The provider's HTTP status, when the failure carries one.</summary>
    public static int? StatusOf(Exception exception) => exception switch
    {
        HttpRequestException { StatusCode: { } status } => (int)status,
        AnthropicApiException api => (int)api.StatusCode,
        _ => null,
    };

    /// <summary>Worth retrying and counted by the circuit breaker: overload, server errors, timeouts, network.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        TimeoutRejectedException => true,
        HttpRequestException { StatusCode: null } => true,
        AnthropicIOException => true,
        AnthropicSseException => true,
        IOException => true,
        // An SDK's own network timeout surfaces as a cancellation caused by a TimeoutException.
        TaskCanceledException { InnerException: TimeoutException } => true,
        _ => StatusOf(exception) is 408 or 429 or >= 500,
    };

    /// <summary>A failure that came from talking to the provider (as opposed to a bug or a cancellation).</summary>
    public static bool IsProviderFailure(Exception exception) =>
        IsTransient(exception) || StatusOf(exception) is not null
        || exception is AnthropicException;

    /// <summary>
    /// A failure of a call under the model's resilience pipeline as an <see cref="LlmException"/>, or
    /// null for what is not the provider's (the caller's own cancellation, a bug).
    /// </summary>
    public static Exception? Translate(Exception exception, CancellationToken caller, ModelInfo model)
    {
        if (caller.IsCancellationRequested && exception is OperationCanceledException)
        {
            return null;
        }

        return exception switch
        {
            BrokenCircuitException broken => new LlmUnavailableException(model.Provider, model.Id, true, broken.RetryAfter, broken),
            _ when IsTransient(exception) => new LlmUnavailableException(model.Provider, model.Id, false, null, exception),
            _ when IsProviderFailure(exception) => new LlmRequestException(model.Provider, model.Id, StatusOf(exception), exception),
            _ => null,
        };
    }
}
