using System.Net;
using HermesX.Frontend.Auth;
using HermesX.Frontend.RateLimiting;
using HermesX.Grains.Store;
using Microsoft.Extensions.Configuration;
using HermesX.Grains.Abstractions.Configuration;

namespace HermesX.Silo.Configuration;

/// <summary>A required setting is missing or malformed; the message names the variable and never its value.</summary>
public sealed class SettingsException(string variable, string problem) : Exception($"{variable} {problem}")
{
    public string Variable { get; } = variable;
}

/// <summary>Reads <see cref="HermesOptions"/> from the environment, failing on the first bad value.</summary>
public static class SettingsLoader
{
    public static HermesOptions Load(IConfiguration env, bool requireAcpToken = true)
    {
        var dbUrl = env["DATABASE_URL"];
        if (string.IsNullOrWhiteSpace(dbUrl))
        {
            throw new SettingsException("DATABASE_URL", "is not set (expected postgres://user:pass@host:5432/db?sslmode=disable)");
        }
        string connectionString;
        try
        {
            connectionString = PostgresUrl.ToConnectionString(dbUrl);
        }
        catch (FormatException e)
        {
            throw new SettingsException("DATABASE_URL", e.Message);
        }

        var acp = env["HERMES_ACP_TOKEN"];
        if (requireAcpToken && string.IsNullOrWhiteSpace(acp))
        {
            throw new SettingsException("HERMES_ACP_TOKEN", "is not set (the platform admin token is required)");
        }
        var environment = env["HERMES_ENV"] ?? "development";
        var production = string.Equals(environment, "production", StringComparison.OrdinalIgnoreCase);
        if (requireAcpToken && production && acp!.Length < 32)
        {
            throw new SettingsException("HERMES_ACP_TOKEN", "must be at least 32 characters when HERMES_ENV=production");
        }

        var origins = (env["SAAS_ALLOWED_ORIGINS"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (production && origins.Contains("*"))
        {
            throw new SettingsException("SAAS_ALLOWED_ORIGINS", "must list explicit origins, not '*', when HERMES_ENV=production");
        }

        var podIp = env["POD_IP"];
        if (!string.IsNullOrEmpty(podIp) && !IPAddress.TryParse(podIp, out _))
        {
            throw new SettingsException("POD_IP", "is not an IP address");
        }

        var bindAddress = NonEmpty(env["HERMES_BIND_ADDRESS"]);
        if (bindAddress is not null && !IPAddress.TryParse(bindAddress, out _))
        {
            throw new SettingsException("HERMES_BIND_ADDRESS", "is not an IP address (e.g. 127.0.0.1, or 0.0.0.0 for every address)");
        }

        var redisUrl = NonEmpty(env["REDIS_URL"]);
        if (redisUrl is not null && RedisUrl.Problem(redisUrl) is { } redisProblem)
        {
            throw new SettingsException("REDIS_URL", redisProblem);
        }

        var saasPort = Port(env, "SAAS_API_PORT", 8080);
        var otlpProtocol = NonEmpty(env["OTEL_EXPORTER_OTLP_PROTOCOL"])?.ToLowerInvariant() ?? "grpc";
        if (otlpProtocol is not ("grpc" or "http/protobuf"))
        {
            throw new SettingsException("OTEL_EXPORTER_OTLP_PROTOCOL", "must be grpc or http/protobuf");
        }
        var options = new HermesOptions
        {
            ConnectionString = connectionString,
            AcpToken = acp ?? "",
            Environment = environment,
            InstanceId = NonEmpty(env["HERMES_INSTANCE_ID"]) ?? Environment.MachineName,
            Debug = Bool(env, "HERMES_DEBUG", false),
            BindAddress = bindAddress,
            SaasApiPort = saasPort,
            ApiPort = Port(env, "HERMES_API_PORT", 8081),
            ApiKey = NonEmpty(env["HERMES_API_KEY"]),
            AllowedOrigins = origins,
            StaticDir = NonEmpty(env["SAAS_STATIC_DIR"]),
            MetricsEnabled = Bool(env, "HERMES_METRICS_ENABLED", true),
            MaxBodyBytes = Int(env, "HERMES_MAX_BODY_BYTES", 1 << 20, 1024, 256 << 20),
            ShutdownDrain = TimeSpan.FromSeconds(Int(env, "HERMES_SHUTDOWN_DRAIN_SECONDS", 5, 0, 300)),
            SiloPort = Port(env, "ORLEANS_SILO_PORT", 11111),
            GatewayPort = Port(env, "ORLEANS_GATEWAY_PORT", 30000),
            AdvertisedIp = NonEmpty(podIp),
            ClusterId = NonEmpty(env["ORLEANS_CLUSTER_ID"]) ?? "hermesx",
            ServiceId = NonEmpty(env["ORLEANS_SERVICE_ID"]) ?? "hermesx",
            OtlpEndpoint = OtlpEndpoint(env),
            OtlpProtocol = otlpProtocol,
            ServiceName = NonEmpty(env["OTEL_SERVICE_NAME"]) ?? "hermesx",
            MaxIterations = (int)Int(env, "HERMES_MAX_ITERATIONS", 20, 1, 1000),
            MaxTokens = (int)Int(env, "HERMES_MAX_TOKENS", 4096, 1, 1_000_000),
            RedisUrl = redisUrl,
            KeyRateLimitRpm = (int)Int(env, "HERMES_KEY_RATE_LIMIT_RPM", 600, 0, 1_000_000),
            JwtIssuer = NonEmpty(env["HERMES_JWT_ISSUER"]),
            JwtAudience = NonEmpty(env["HERMES_JWT_AUDIENCE"]),
            JwtHs256Secret = NonEmpty(env["HERMES_JWT_HS256_SECRET"]),
            JwtRs256PublicKeyPem = NonEmpty(env["HERMES_JWT_RS256_PUBLIC_KEY"]),
            JwtJwksUrl = NonEmpty(env["HERMES_JWT_JWKS_URL"]),
            ObjectStore = ObjectStoreSettings.Load(env),
            GroupCommit = new GroupCommitOptions
            {
                Linger = TimeSpan.FromTicks(Int(env, "HERMES_GROUP_COMMIT_LINGER_US", 0, 0, 100_000) * TimeSpan.TicksPerMicrosecond),
                MaxWrites = (int)Int(env, "HERMES_GROUP_COMMIT_MAX_WRITES", 256, 1, 10_000),
            },
            Governance = new GovernanceOptions
            {
                GdprGraceDays = (int)Int(env, "HERMES_GDPR_GRACE_DAYS", 30, 0, 3650),
                AuditRetentionDays = (int)Int(env, "HERMES_AUDIT_RETENTION_DAYS", 365, 1, 36500),
                MaintenanceInterval = TimeSpan.FromMinutes(Int(env, "HERMES_MAINTENANCE_INTERVAL_MINUTES", 60, 1, 10080)),
            },
        };
        if (JwtSettings.Problem(options) is { } jwt)
        {
            throw new SettingsException(jwt.Variable, jwt.Problem);
        }
        return options;
    }

    /// <summary>
    /// OTEL_EXPORTER_OTLP_ENDPOINT, with OTEL_EXPORTER_OTLP_INSECURE as the other OpenTelemetry SDKs read
    /// it: an endpoint without a scheme gets https, or http when insecure; insecure=true also turns an
    /// https endpoint into plain http (no TLS).
    /// </summary>
    private static Uri? OtlpEndpoint(IConfiguration env)
    {
        var raw = NonEmpty(env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (raw is null)
        {
            return null;
        }
        var insecure = Bool(env, "OTEL_EXPORTER_OTLP_INSECURE", false);
        if (!raw.Contains("://", StringComparison.Ordinal))
        {
            raw = (insecure ? "http://" : "https://") + raw;
        }
        if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            throw new SettingsException("OTEL_EXPORTER_OTLP_ENDPOINT", "must be an http(s) URL such as http://otel-collector:4317");
        }
        return insecure && uri.Scheme == "https" ? new UriBuilder(uri) { Scheme = "http", Port = uri.Port }.Uri : uri;
    }

    private static string? NonEmpty(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();

    private static int Port(IConfiguration env, string name, int fallback) => (int)Int(env, name, fallback, 0, 65535);

    private static long Int(IConfiguration env, string name, long fallback, long min, long max)
    {
        var raw = NonEmpty(env[name]);
        if (raw is null)
        {
            return fallback;
        }
        if (!long.TryParse(raw, out var v) || v < min || v > max)
        {
            throw new SettingsException(name, $"must be an integer between {min} and {max}");
        }
        return v;
    }

    private static bool Bool(IConfiguration env, string name, bool fallback)
    {
        var raw = NonEmpty(env[name]);
        return raw is null ? fallback : raw.ToLowerInvariant() switch
        {
            "1" or "true" or "yes" or "on" => true,
            "0" or "false" or "no" or "off" => false,
            _ => throw new SettingsException(name, "must be true or false"),
        };
    }
}
