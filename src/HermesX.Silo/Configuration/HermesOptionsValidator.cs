using System.Net;
using System.Text.RegularExpressions;
using HermesX.Frontend.Auth;
using HermesX.Frontend.Gate;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Configuration;
using Microsoft.Extensions.Options;

namespace HermesX.Silo.Configuration;

/// <summary>
/// The start-up checks of <see cref="HermesOptions"/>: the first bad setting fails as one line,
/// "VARIABLE problem", which never repeats the value.
/// </summary>
internal sealed partial class HermesOptionsValidator(bool requireAcpToken) : IValidateOptions<HermesOptions>
{
    public ValidateOptionsResult Validate(string? name, HermesOptions options) =>
        Problem(options) is var (variable, problem) ? ValidateOptionsResult.Fail($"{variable} {problem}") : ValidateOptionsResult.Success;

    private (string Variable, string Problem)? Problem(HermesOptions o)
    {
        if (SettingsBinder.ConnectionString(o.DatabaseUrl, out var databaseProblem) is null)
        {
            return ("DATABASE_URL", databaseProblem!);
        }
        if (requireAcpToken && string.IsNullOrWhiteSpace(o.AcpToken))
        {
            return ("HERMES_ACP_TOKEN", "is not set (the platform admin token is required)");
        }
        if (requireAcpToken && o.IsProduction && o.AcpToken.Length < 32)
        {
            return ("HERMES_ACP_TOKEN", "must be at least 32 characters when HERMES_ENV=production");
        }
        if (o.IsProduction && o.AllowedOrigins.Contains("*"))
        {
            return ("SAAS_ALLOWED_ORIGINS", "must list explicit origins, not '*', when HERMES_ENV=production");
        }
        if (o.AdvertisedIp is { } podIp && !IPAddress.TryParse(podIp, out _))
        {
            return ("POD_IP", "is not an IP address");
        }
        if (o.BindAddress is { } bindAddress && !IPAddress.TryParse(bindAddress, out _))
        {
            return ("HERMES_BIND_ADDRESS", "is not an IP address (e.g. 127.0.0.1, or 0.0.0.0 for every address)");
        }
        if (o.RedisUrl is { } redisUrl && RedisUrl.Problem(redisUrl) is { } redisProblem)
        {
            return ("REDIS_URL", redisProblem);
        }
        if (OutOfRange(o) is { } range)
        {
            return range;
        }
        if (o.Mcp.SecretKey is { Length: > 0 and < 32 })
        {
            return ("HERMES_MCP_SECRET_KEY", "must be at least 32 characters");
        }
        if (o.OtlpProtocol is not ("grpc" or "http/protobuf"))
        {
            return ("OTEL_EXPORTER_OTLP_PROTOCOL", "must be grpc or http/protobuf");
        }
        if (o.OtlpEndpointSetting is not null && o.OtlpEndpoint is null)
        {
            return ("OTEL_EXPORTER_OTLP_ENDPOINT", "must be an http(s) URL such as http://otel-collector:4317");
        }
        return ObjectStoreProblem(o.ObjectStore) ?? JwtSettings.Problem(o);
    }

    private static (string, string)? OutOfRange(HermesOptions o) =>
        SettingsBinder.Targets(o).Select(EnvironmentBinder.OutOfRange).FirstOrDefault(p => p is not null);

    /// <summary>MINIO_* are checked only with an endpoint: without one, skills live in HERMES_SKILLS_DIR.</summary>
    private static (string, string)? ObjectStoreProblem(ObjectStoreOptions s)
    {
        if (s.Endpoint is not { } endpoint)
        {
            return null;
        }
        if (!EndpointPattern().IsMatch(endpoint))
        {
            return ("MINIO_ENDPOINT", "must be host or host:port without a scheme or path (use MINIO_USE_SSL=true for https)");
        }
        if (!BucketPattern().IsMatch(s.Bucket))
        {
            return ("MINIO_BUCKET", "must be an S3 bucket name: 3-63 lowercase letters, digits, '.' or '-'");
        }
        if (s.AccessKey is null)
        {
            return ("MINIO_ACCESS_KEY", "is required when MINIO_ENDPOINT is set");
        }
        if (s.SecretKey is null)
        {
            return ("MINIO_SECRET_KEY", "is required when MINIO_ENDPOINT is set");
        }
        return null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?\z")]
    private static partial Regex EndpointPattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]\z")]
    private static partial Regex BucketPattern();
}
