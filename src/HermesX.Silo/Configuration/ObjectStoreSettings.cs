using System.Text.RegularExpressions;
using HermesX.Grains.Skills;
using Microsoft.Extensions.Configuration;
using HermesX.Grains.Abstractions.Configuration;

namespace HermesX.Silo.Configuration;

/// <summary>Reads MINIO_* (S3-compatible store) and HERMES_SKILLS_DIR (local directory store).</summary>
internal static partial class ObjectStoreSettings
{
    public static ObjectStoreOptions Load(IConfiguration env)
    {
        var localDir = Value(env, "HERMES_SKILLS_DIR") ?? ObjectStoreOptions.DefaultLocalDirectory();
        var endpoint = Value(env, "MINIO_ENDPOINT");
        if (endpoint is null)
        {
            return new ObjectStoreOptions { LocalDirectory = localDir };
        }
        if (!EndpointPattern().IsMatch(endpoint))
        {
            throw new SettingsException("MINIO_ENDPOINT", "must be host or host:port without a scheme or path (use MINIO_USE_SSL=true for https)");
        }
        var bucket = Value(env, "MINIO_BUCKET") ?? ObjectStoreOptions.DefaultBucket;
        if (!BucketPattern().IsMatch(bucket))
        {
            throw new SettingsException("MINIO_BUCKET", "must be an S3 bucket name: 3-63 lowercase letters, digits, '.' or '-'");
        }
        return new ObjectStoreOptions
        {
            Endpoint = endpoint,
            AccessKey = Value(env, "MINIO_ACCESS_KEY") ?? throw new SettingsException("MINIO_ACCESS_KEY", "is required when MINIO_ENDPOINT is set"),
            SecretKey = Value(env, "MINIO_SECRET_KEY") ?? throw new SettingsException("MINIO_SECRET_KEY", "is required when MINIO_ENDPOINT is set"),
            Bucket = bucket,
            UseSsl = Value(env, "MINIO_USE_SSL")?.ToLowerInvariant() switch
            {
                null or "0" or "false" or "no" or "off" => false,
                "1" or "true" or "yes" or "on" => true,
                _ => throw new SettingsException("MINIO_USE_SSL", "must be true or false"),
            },
            LocalDirectory = localDir,
        };
    }

    private static string? Value(IConfiguration env, string name) => string.IsNullOrWhiteSpace(env[name]) ? null : env[name]!.Trim();

    [GeneratedRegex(@"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?\z")]
    private static partial Regex EndpointPattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]\z")]
    private static partial Regex BucketPattern();
}
