namespace HermesX.Grains.Abstractions.Configuration;

/// <summary>Settings read from the environment at start-up (see EnvironmentVariableNames).</summary>
public sealed class HermesOptions
{
    public required string ConnectionString { get; init; }
    public required string AcpToken { get; init; }
    public string Environment { get; init; } = "development";
    public bool IsProduction => string.Equals(Environment, "production", StringComparison.OrdinalIgnoreCase);
    public string InstanceId { get; init; } = System.Environment.MachineName;
    public bool Debug { get; init; }

    /// <summary>
    /// The one address every port listens on (HERMES_BIND_ADDRESS); null: every address. A specific
    /// address also becomes the silo's advertised address unless POD_IP names another.
    /// </summary>
    public string? BindAddress { get; init; }
    public int SaasApiPort { get; init; } = 8080;
    public int ApiPort { get; init; } = 8081;
    public string? ApiKey { get; init; }
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];
    public string? StaticDir { get; init; }
    public long MaxBodyBytes { get; init; } = 1 << 20;
    public bool MetricsEnabled { get; init; } = true;

    /// <summary>HERMES_SHUTDOWN_DRAIN_SECONDS: after SIGTERM, how long readiness answers 503 while requests are still served.</summary>
    public TimeSpan ShutdownDrain { get; init; } = TimeSpan.FromSeconds(5);

    public int SiloPort { get; init; } = 11111;
    public int GatewayPort { get; init; } = 30000;
    public string? AdvertisedIp { get; init; }
    public string ClusterId { get; init; } = "hermesx";
    public string ServiceId { get; init; } = "hermesx";

    /// <summary>OTLP collector (OTEL_EXPORTER_OTLP_ENDPOINT); null: traces and metrics are not exported.</summary>
    public Uri? OtlpEndpoint { get; init; }
    /// <summary>"grpc" (default) or "http/protobuf" (OTEL_EXPORTER_OTLP_PROTOCOL).</summary>
    public string OtlpProtocol { get; init; } = "grpc";
    public string ServiceName { get; init; } = "hermesx";

    public int MaxIterations { get; init; } = 20;
    public int MaxTokens { get; init; } = 4096;

    public string? RedisUrl { get; init; }
    public int KeyRateLimitRpm { get; init; } = 600;

    public string? JwtIssuer { get; init; }
    public string? JwtAudience { get; init; }
    public string? JwtHs256Secret { get; init; }
    public string? JwtRs256PublicKeyPem { get; init; }
    public string? JwtJwksUrl { get; init; }
    public bool JwtEnabled => JwtHs256Secret is not null || JwtRs256PublicKeyPem is not null || JwtJwksUrl is not null;

    /// <summary>Skills and personas: MINIO_* (S3) or HERMES_SKILLS_DIR (local directory).</summary>
    public ObjectStoreOptions ObjectStore { get; init; } = new();

    public GovernanceOptions Governance { get; init; } = new();

    public GroupCommitOptions GroupCommit { get; init; } = new();
}
