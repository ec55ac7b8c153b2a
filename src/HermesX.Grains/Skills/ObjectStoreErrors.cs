using Minio;
using Minio.Exceptions;

namespace HermesX.Grains.Skills;

/// <summary>Recognises failures of the object store itself (unreachable, refusing, timing out), as opposed to bugs.</summary>
public static class ObjectStoreErrors
{
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
