namespace HermesX.Silo.Configuration;

/// <summary>
/// Every environment variable HermesX reads. Deployment files (Helm, Compose, Kind) may only set
/// names from this list; a test checks them against it.
/// </summary>
public static class EnvironmentVariableNames
{
    public static readonly IReadOnlyList<string> All =
    [
        // required
        "DATABASE_URL", "HERMES_ACP_TOKEN",
        // runtime mode and identity
        "HERMES_ENV", "HERMES_INSTANCE_ID", "HERMES_DEBUG",
        // LLM
        "HERMES_PROVIDER", "HERMES_MODEL", "HERMES_API_KEY_LLM", "HERMES_BASE_URL",
        "LLM_API_URL", "LLM_API_KEY", "LLM_MODEL", "HERMES_MODEL_CATALOG",
        "HERMES_MAX_ITERATIONS", "HERMES_MAX_TOKENS",
        // HTTP
        "HERMES_BIND_ADDRESS", "SAAS_API_PORT", "HERMES_API_PORT", "HERMES_API_KEY", "SAAS_ALLOWED_ORIGINS", "SAAS_STATIC_DIR",
        "HERMES_MAX_BODY_BYTES", "HERMES_METRICS_ENABLED", "HERMES_DASHBOARD_ENABLED", "HERMES_SHUTDOWN_DRAIN_SECONDS",
        // Orleans cluster
        "ORLEANS_SILO_PORT", "ORLEANS_GATEWAY_PORT", "POD_IP", "ORLEANS_CLUSTER_ID", "ORLEANS_SERVICE_ID",
        // infrastructure
        "REDIS_URL", "MINIO_ENDPOINT", "MINIO_ACCESS_KEY", "MINIO_SECRET_KEY", "MINIO_BUCKET", "MINIO_USE_SSL",
        "HERMES_SKILLS_DIR",
        // auth
        "HERMES_JWT_ISSUER", "HERMES_JWT_AUDIENCE", "HERMES_JWT_HS256_SECRET", "HERMES_JWT_RS256_PUBLIC_KEY",
        "HERMES_JWT_JWKS_URL",
        // governance
        "HERMES_AUDIT_RETENTION_DAYS", "HERMES_GDPR_GRACE_DAYS", "HERMES_MAINTENANCE_INTERVAL_MINUTES",
        "HERMES_GROUP_COMMIT_LINGER_US", "HERMES_GROUP_COMMIT_MAX_WRITES", "HERMES_DB_PREPARED_STATEMENTS",
        "HERMES_KEY_RATE_LIMIT_RPM",
        // outbound calls and webhooks
        "HERMES_OUTBOUND_ALLOW_PRIVATE", "HERMES_WEBHOOK_TIMEOUT_SECONDS", "HERMES_WEBHOOK_MAX_ATTEMPTS", "HERMES_WEBHOOK_RETRY_BASE_MS",
        // MCP tool servers
        "HERMES_MCP_SECRET_KEY", "HERMES_MCP_TIMEOUT_SECONDS", "HERMES_MCP_MAX_OUTPUT_CHARS", "HERMES_MCP_TOOLS_TTL_SECONDS",
        "HERMES_MCP_MAX_TOOLS_PER_SERVER",
        // observability
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_INSECURE", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_SERVICE_NAME",
    ];
}
