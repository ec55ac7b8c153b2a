using Minio.Exceptions;
using Polly;
using Polly.Retry;

namespace HermesX.Grains.Skills;

/// <summary>
/// Retries an object store call that failed for a passing reason (connection dropped,
/// server error or throttling), as the S3 SDKs of other languages do by default. Every call of
/// <see cref="MinioObjectStore"/> is idempotent, so a retry can never apply a change twice.
/// </summary>
public static class TransientRetry
{
    public const int Attempts = 4;

    private static readonly string[] RetriedCodes = ["InternalError", "SlowDown", "ServiceUnavailable", "RequestTimeout"];

    private static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = Attempts - 1,
            Delay = TimeSpan.FromMilliseconds(50),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsTransient(e, args.Context.CancellationToken)),
        })
        .Build();

    public static ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> action, CancellationToken ct) =>
        Pipeline.ExecuteAsync(async token => await action(token), ct);

    public static bool IsTransient(Exception e, CancellationToken ct) => e switch
    {
        _ when ct.IsCancellationRequested => false,
        ConnectionException or InternalServerException or UnexpectedMinioException => true,
        ErrorResponseException r => r.Response?.Code is { } code && RetriedCodes.Contains(code),
        HttpRequestException => true,
        NullReferenceException when ObjectStoreErrors.IsUnreadableServerError(e) => true,
        _ => false,
    };
}
