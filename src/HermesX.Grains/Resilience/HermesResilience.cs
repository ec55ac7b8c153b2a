using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Skills;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Telemetry;

namespace HermesX.Grains.Resilience;

/// <summary>
/// Every resilience pipeline of HermesX lives in one Polly registry (<c>Polly.Extensions</c>):
/// the object store's retry under <see cref="ObjectStore"/>, and one retry + circuit breaker per
/// model deployment under <see cref="ForDeployment"/>, built on first use so the breaker sees every call to that deployment.
/// Retries are exponential with jitter, and only of failures the caller's own classifier calls passing.
/// </summary>
public static class HermesResilience
{
    public const string ObjectStore = "object-store";

    /// <summary>Calls to the object store, first one included. Every call of the store is idempotent, so a retry never applies a change twice.</summary>
    public const int ObjectStoreAttempts = 4;

    private static readonly TimeSpan ObjectStoreFirstDelay = TimeSpan.FromMilliseconds(50);

    public static string ForDeployment(ModelDeployment deployment, bool retries) =>
        $"llm:{deployment.Provider}/{deployment.Id}|{deployment.BaseUrl}|{deployment.ApiKeyVariable}{(retries ? "" : "|once")}";

    public static IServiceCollection AddHermesResilience(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(Registered)))
        {
            return services;
        }
        services.AddSingleton<Registered>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddResiliencePipeline(ObjectStore, (builder, context) =>
        {
            builder.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
            builder.AddRetry(Retry(ObjectStoreErrors.IsTransient, ObjectStoreAttempts - 1, ObjectStoreFirstDelay));
        });
        // Provider and S3 error messages can echo request details; HermesX logs and counts failures
        // itself (LlmTelemetry, the store observer), without them. Post-configured: the registry's own
        // registration above sets the host's logger factory.
        services.PostConfigure<TelemetryOptions>(o => o.LoggerFactory = NullLoggerFactory.Instance);
        return services;
    }

    /// <summary>The one retry shape: exponential backoff from <paramref name="firstDelay"/> with jitter, of what <paramref name="isTransient"/> accepts.</summary>
    public static RetryStrategyOptions Retry(Func<Exception, CancellationToken, bool> isTransient, int retries, TimeSpan firstDelay, TimeSpan? maxDelay = null) => new()
    {
        ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && isTransient(e, args.Context.CancellationToken)),
        MaxRetryAttempts = retries,
        Delay = firstDelay,
        MaxDelay = maxDelay,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
    };

    private sealed class Registered;
}
