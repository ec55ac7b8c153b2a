using System.ComponentModel.DataAnnotations;

namespace HermesX.Grains.Llm.Resilience;

/// <summary>
/// Retry and circuit-breaker settings for every model client (configuration section <c>Llm:Resilience</c>,
/// e.g. environment variable <c>Llm__Resilience__MaxRetryAttempts</c>). The defaults suit public APIs.
/// </summary>
public sealed class LlmResilienceOptions
{
    public const string Section = "Llm:Resilience";

    /// <summary>Retries after the first attempt for 408/429/5xx, timeouts and network errors; 0 disables.</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First backoff; later ones double, with jitter, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Limit for one attempt; for streaming, for the first update to arrive.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Share of failed attempts within <see cref="SamplingDuration"/> that opens the breaker.</summary>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Attempts needed within <see cref="SamplingDuration"/> before the ratio is judged (at least 2).</summary>
    [Range(2, int.MaxValue)]
    public int MinimumThroughput { get; set; } = 10;

    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open breaker fails calls fast before letting one trial call through.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
