using HermesX.Grains.Skills;
using HermesX.Grains.Abstractions.Configuration;

namespace HermesX.IntegrationTests.Skills;

/// <summary>
/// The S3 test server the test command starts (scripts/test.sh exports MINIO_*). Each test class
/// uses a bucket of its own, so classes never see each other's objects.
/// </summary>
public static class S3TestEnvironment
{
    public static string NewBucket() => "hx-test-" + Guid.NewGuid().ToString("N")[..16];

    public static ObjectStoreOptions Options(string bucket) => new()
    {
        Endpoint = Required("MINIO_ENDPOINT"),
        AccessKey = Required("MINIO_ACCESS_KEY"),
        SecretKey = Required("MINIO_SECRET_KEY"),
        UseSsl = string.Equals(Environment.GetEnvironmentVariable("MINIO_USE_SSL"), "true", StringComparison.OrdinalIgnoreCase),
        Bucket = bucket,
    };

    /// <summary>The variables a hermesx process needs to use <paramref name="bucket"/>.</summary>
    public static Dictionary<string, string> ProcessEnvironment(string bucket)
    {
        var o = Options(bucket);
        return new Dictionary<string, string>
        {
            ["MINIO_ENDPOINT"] = o.Endpoint!,
            ["MINIO_ACCESS_KEY"] = o.AccessKey!,
            ["MINIO_SECRET_KEY"] = o.SecretKey!,
            ["MINIO_USE_SSL"] = o.UseSsl ? "true" : "false",
            ["MINIO_BUCKET"] = bucket,
        };
    }

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } v
            ? v
            : throw new InvalidOperationException(
                $"{name} is not set: run the tests through scripts/test.sh, which starts the S3 test server and exports MINIO_*");
}
