using Minio.Exceptions;

namespace HermesX.Grains.Skills;

/// <summary>Recognises failures of the object store itself (unreachable, refusing, timing out), as opposed to bugs.</summary>
public static class ObjectStoreErrors
{
    public static bool IsUnavailable(Exception e) =>
        e is MinioException or HttpRequestException or IOException or TimeoutException or TaskCanceledException
        || (e.InnerException is { } inner && IsUnavailable(inner));
}
