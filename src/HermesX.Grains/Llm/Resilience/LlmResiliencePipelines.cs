using HermesX.Grains.Resilience;
using Polly;
using Polly.CircuitBreaker;

namespace HermesX.Grains.Llm.Resilience;

internal static class LlmResiliencePipelines
{
    /// <summary>
    /// Retry outside, breaker inside, timeout innermost: every attempt counts towards the breaker, and once
    /// it opens the retry sees <see cref="BrokenCircuitException"/>, which it does not handle, so the call
    /// fails fast instead of waiting out its backoff.
    /// </summary>
    /// <param name="retries">False for a deployment the call leaves for another when it fails.</param>
    public static void Configure(ResiliencePipelineBuilder builder, LlmResilienceOptions options, bool retries = true)
    {
        if (retries && options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(HermesResilience.Retry((e, _) => LlmErrorClassifier.IsTransient(e), options.MaxRetryAttempts, options.BaseDelay, options.MaxDelay));
        }
        builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(LlmErrorClassifier.IsTransient),
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
            })
            .AddTimeout(options.AttemptTimeout);
    }
}
