using Microsoft.Extensions.Configuration;

namespace HermesX.Grains.Abstractions.Configuration;

/// <summary>
/// Where skills and personas are kept. With <see cref="Endpoint"/> set (MINIO_ENDPOINT) an
/// S3-compatible bucket is used, else the local <see cref="LocalDirectory"/> (HERMES_SKILLS_DIR).
/// </summary>
public sealed record ObjectStoreOptions
{
    public const string DefaultBucket = "hermes-skills";

    /// <summary>host:port without a scheme; null selects the local directory store.</summary>
    [ConfigurationKeyName("MINIO_ENDPOINT")]
    public string? Endpoint { get; init; }

    [ConfigurationKeyName("MINIO_ACCESS_KEY")]
    public string? AccessKey { get; init; }

    [ConfigurationKeyName("MINIO_SECRET_KEY")]
    public string? SecretKey { get; init; }

    [ConfigurationKeyName("MINIO_BUCKET")]
    public string Bucket { get; init; } = DefaultBucket;

    [ConfigurationKeyName("MINIO_USE_SSL")]
    public bool UseSsl { get; init; }

    [ConfigurationKeyName("HERMES_SKILLS_DIR")]
    public string LocalDirectory { get; init; } = DefaultLocalDirectory();

    public bool UsesS3 => Endpoint is not null;

    /// <summary>
    /// The user's data directory (XDG_DATA_HOME or ~/.local/share)/hermesx/skills: writable by the
    /// service user in a container, unlike the working directory. Temp dir when there is no home.
    /// </summary>
    public static string DefaultLocalDirectory()
    {
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return Path.Combine(string.IsNullOrEmpty(data) ? Path.GetTempPath() : data, "hermesx", "skills");
    }
}
