namespace HermesX.Grains.Abstractions.Skills;

/// <summary>One stored object: its key, text and when it last changed.</summary>
public sealed record StoredObject(string Key, string Content, DateTimeOffset LastModified);

/// <summary>An entry of a listing (no content).</summary>
public sealed record ObjectEntry(string Key, long Size, DateTimeOffset LastModified);

/// <summary>
/// A flat key/value store of small UTF-8 text objects: an S3 bucket (MinIO SDK) in production, a
/// local directory without <c>MINIO_ENDPOINT</c>. Both behave the same; keys use '/' separators.
/// </summary>
public interface IObjectStore
{
    /// <summary>Where the objects live, for logs (never carries credentials).</summary>
    string Location { get; }

    /// <summary>Creates the bucket or directory when it is missing.</summary>
    Task EnsureReadyAsync(CancellationToken ct);

    /// <summary>The object, or null when there is none under the key.</summary>
    Task<StoredObject?> GetAsync(string key, CancellationToken ct);

    Task<bool> ExistsAsync(string key, CancellationToken ct);

    /// <summary>Creates or replaces the object.</summary>
    Task PutAsync(string key, string content, string contentType, CancellationToken ct);

    /// <summary>Removes the object; false when there was none.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken ct);

    /// <summary>Every object whose key starts with <paramref name="prefix"/>, in key order.</summary>
    Task<IReadOnlyList<ObjectEntry>> ListAsync(string prefix, CancellationToken ct);

    /// <summary>Removes every object whose key starts with <paramref name="prefix"/>; returns how many.</summary>
    Task<int> DeletePrefixAsync(string prefix, CancellationToken ct);
}
