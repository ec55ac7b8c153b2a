using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Grains.Llm.Resilience;

internal static class LlmResiliencePipelines
{
    /// <summary>
    /// Retry outside, breaker inside, timeout innermost: every attempt counts towards the breaker, and once
    /// it opens the retry sees <see cref="BrokenCircuitException"/>, which it does not handle, so the call
    /// fails fast instead of waiting out its backoff.
    /// </summary>
    public static ResiliencePipeline Create(ModelInfo model, LlmResilienceOptions options, TimeProvider timeProvider)
    {
        var transient = new PredicateBuilder().Handle<Exception>(LlmErrorClassifier.IsTransient);
        var builder = new ResiliencePipelineBuilder
        {
            Name = $"llm:{model.Provider}/{model.Id}",
            TimeProvider = timeProvider,
        };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
            });
        }

        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }
}
