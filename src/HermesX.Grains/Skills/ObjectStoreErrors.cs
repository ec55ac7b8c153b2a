using Minio;
using Minio.Exceptions;

namespace HermesX.Grains.Skills;

/// <summary>Recognises failures of the object store itself (unreachable, refusing, timing out), as opposed to bugs.</summary>
public static class ObjectStoreErrors
{
    private static readonly string[] RetriedCodes = ["InternalError", "SlowDown", "ServiceUnavailable", "RequestTimeout"];

    /// <summary>
    /// A failure worth retrying (connection dropped, server error or throttling), as the S3 SDKs of
    /// other languages retry by default; never once the caller has given up.
    /// </summary>
    public static bool IsTransient(Exception e, CancellationToken ct) => e switch
    {
        _ when ct.IsCancellationRequested => false,
        ConnectionException or InternalServerException or UnexpectedMinioException => true,
        ErrorResponseException r => r.Response?.Code is { } code && RetriedCodes.Contains(code),
        HttpRequestException => true,
        NullReferenceException when IsUnreadableServerError(e) => true,
        _ => false,
    };

    public static bool IsUnavailable(Exception e) =>
        e is MinioException or HttpRequestException or IOException or TimeoutException or TaskCanceledException
        || IsUnreadableServerError(e)
        || (e.InnerException is { } inner && IsUnavailable(inner));

    /// <summary>
    /// The MinIO SDK's error parser throws <see cref="NullReferenceException"/> on an error answer
    /// without a body, which is what a HEAD (a stat, a bucket check) gets when the server fails with
    /// a 5xx: a server error all the same, not a fault of HermesX.
    /// </summary>
    public static bool IsUnreadableServerError(Exception e) =>
        e is NullReferenceException && e.TargetSite?.DeclaringType?.Assembly == typeof(IMinioClient).Assembly;
}
