using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace HermesX.Grains.Abstractions.Configuration;

/// <summary>
/// Settings read from the environment at start-up: each property marked with a
/// <see cref="ConfigurationKeyNameAttribute"/> is bound from that variable, and its initializer is the
/// one default (EnvironmentVariableNames in the silo lists every name, HermesOptionsValidator holds the checks).
/// </summary>
public sealed class HermesOptions
{
    [ConfigurationKeyName("DATABASE_URL")]
    public string DatabaseUrl { get; init; } = "";

    /// <summary>Npgsql connection string translated from <see cref="DatabaseUrl"/> when the settings are bound.</summary>
    public string ConnectionString { get; set; } = "";

    [ConfigurationKeyName("HERMES_ACP_TOKEN")]
    public string AcpToken { get; init; } = "";

    [ConfigurationKeyName("HERMES_ENV")]
    public string Environment { get; init; } = "development";

    public bool IsProduction => string.Equals(Environment, "production", StringComparison.OrdinalIgnoreCase);

    [ConfigurationKeyName("HERMES_INSTANCE_ID")]
    public string InstanceId { get; init; } = System.Environment.MachineName;

    [ConfigurationKeyName("HERMES_DEBUG")]
    public bool Debug { get; init; }

    /// <summary>
    /// The one address every port listens on (HERMES_BIND_ADDRESS); null: every address. A specific
    /// address also becomes the silo's advertised address unless POD_IP names another.
    /// </summary>
    [ConfigurationKeyName("HERMES_BIND_ADDRESS")]
    public string? BindAddress { get; init; }

    [ConfigurationKeyName("SAAS_API_PORT"), Range(0, 65535)]
    public int SaasApiPort { get; init; } = 8080;

    [ConfigurationKeyName("HERMES_API_PORT"), Range(0, 65535)]
    public int ApiPort { get; init; } = 8081;

    [ConfigurationKeyName("HERMES_API_KEY")]
    public string? ApiKey { get; init; }

    /// <summary>SAAS_ALLOWED_ORIGINS as written: origins separated by commas.</summary>
    [ConfigurationKeyName("SAAS_ALLOWED_ORIGINS")]
    public string AllowedOriginList { get; init; } = "";

    public IReadOnlyList<string> AllowedOrigins =>
        AllowedOriginList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [ConfigurationKeyName("SAAS_STATIC_DIR")]
    public string? StaticDir { get; init; }

    [ConfigurationKeyName("HERMES_MAX_BODY_BYTES"), Range(typeof(long), "1024", "268435456")]
    public long MaxBodyBytes { get; init; } = 1 << 20;

    [ConfigurationKeyName("HERMES_METRICS_ENABLED")]
    public bool MetricsEnabled { get; init; } = true;

    /// <summary>
    /// The Orleans Dashboard at /dashboard. Off unless asked for: it samples every Orleans counter
    /// each second (some over every activation) and times every grain call, which measured about a
    /// third of a busy silo's CPU per turn.
    /// </summary>
    [ConfigurationKeyName("HERMES_DASHBOARD_ENABLED")]
    public bool DashboardEnabled { get; init; }

    /// <summary>After SIGTERM, how long readiness answers 503 while requests are still served.</summary>
    public TimeSpan ShutdownDrain { get; init; } = TimeSpan.FromSeconds(5);

    [ConfigurationKeyName("HERMES_SHUTDOWN_DRAIN_SECONDS"), Range(0, 300)]
    public int ShutdownDrainSeconds { get => (int)ShutdownDrain.TotalSeconds; init => ShutdownDrain = TimeSpan.FromSeconds(value); }

    [ConfigurationKeyName("ORLEANS_SILO_PORT"), Range(0, 65535)]
    public int SiloPort { get; init; } = 11111;

    [ConfigurationKeyName("ORLEANS_GATEWAY_PORT"), Range(0, 65535)]
    public int GatewayPort { get; init; } = 30000;

    [ConfigurationKeyName("POD_IP")]
    public string? AdvertisedIp { get; init; }

    [ConfigurationKeyName("ORLEANS_CLUSTER_ID")]
    public string ClusterId { get; init; } = "hermesx";

    [ConfigurationKeyName("ORLEANS_SERVICE_ID")]
    public string ServiceId { get; init; } = "hermesx";

    /// <summary>OTEL_EXPORTER_OTLP_ENDPOINT as written; see <see cref="OtlpEndpoint"/> for the address used.</summary>
    [ConfigurationKeyName("OTEL_EXPORTER_OTLP_ENDPOINT")]
    public string? OtlpEndpointSetting { get; init; }

    [ConfigurationKeyName("OTEL_EXPORTER_OTLP_INSECURE")]
    public bool OtlpInsecure { get; init; }

    /// <summary>
    /// The OTLP collector; null: traces and metrics are not exported (or the setting is not a URL, which
    /// start-up refuses). As the other OpenTelemetry SDKs read OTEL_EXPORTER_OTLP_INSECURE: an endpoint
    /// without a scheme gets https, or http when insecure; insecure also turns https into plain http.
    /// </summary>
    public Uri? OtlpEndpoint
    {
        get
        {
            if (OtlpEndpointSetting is not { } raw)
            {
                return null;
            }
            if (!raw.Contains("://", StringComparison.Ordinal))
            {
                raw = (OtlpInsecure ? "http://" : "https://") + raw;
            }
            if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            {
                return null;
            }
            return OtlpInsecure && uri.Scheme == "https" ? new UriBuilder(uri) { Scheme = "http", Port = uri.Port }.Uri : uri;
        }
    }

    /// <summary>"grpc" or "http/protobuf" (OTEL_EXPORTER_OTLP_PROTOCOL), in lower case whatever the case written.</summary>
    [ConfigurationKeyName("OTEL_EXPORTER_OTLP_PROTOCOL")]
    public string OtlpProtocol { get; init => field = value.ToLowerInvariant(); } = "grpc";

    [ConfigurationKeyName("OTEL_SERVICE_NAME")]
    public string ServiceName { get; init; } = "hermesx";

    [ConfigurationKeyName("HERMES_MAX_ITERATIONS"), Range(1, 1000)]
    public int MaxIterations { get; init; } = 20;

    /// <summary>How long a tool call waits for a person's approval before it is denied (HERMES_APPROVAL_TIMEOUT_SECONDS).</summary>
    [ConfigurationKeyName("HERMES_APPROVAL_TIMEOUT_SECONDS"), Range(1, 30 * 24 * 3600)]
    public int ApprovalTimeoutSeconds { get; init; } = 3600;

    /// <summary>HERMES_MAX_TOKENS' default; the model clients read the variable too (LlmOptions).</summary>
    public const int DefaultMaxTokens = 4096;

    [ConfigurationKeyName("HERMES_MAX_TOKENS"), Range(1, 1_000_000)]
    public int MaxTokens { get; init; } = DefaultMaxTokens;

    [ConfigurationKeyName("REDIS_URL")]
    public string? RedisUrl { get; init; }

    [ConfigurationKeyName("HERMES_KEY_RATE_LIMIT_RPM"), Range(0, 1_000_000)]
    public int KeyRateLimitRpm { get; init; } = 600;

    [ConfigurationKeyName("HERMES_JWT_ISSUER")]
    public string? JwtIssuer { get; init; }

    [ConfigurationKeyName("HERMES_JWT_AUDIENCE")]
    public string? JwtAudience { get; init; }

    [ConfigurationKeyName("HERMES_JWT_HS256_SECRET")]
    public string? JwtHs256Secret { get; init; }

    [ConfigurationKeyName("HERMES_JWT_RS256_PUBLIC_KEY")]
    public string? JwtRs256PublicKeyPem { get; init; }

    [ConfigurationKeyName("HERMES_JWT_JWKS_URL")]
    public string? JwtJwksUrl { get; init; }

    public bool JwtEnabled => JwtHs256Secret is not null || JwtRs256PublicKeyPem is not null || JwtJwksUrl is not null;

    /// <summary>Skills and personas: MINIO_* (S3) or HERMES_SKILLS_DIR (local directory).</summary>
    public ObjectStoreOptions ObjectStore { get; init; } = new();

    public GovernanceOptions Governance { get; init; } = new();

    public GroupCommitOptions GroupCommit { get; init; } = new();

    public WebhookOptions Webhooks { get; init; } = new();

    public McpOptions Mcp { get; init; } = new();
}
