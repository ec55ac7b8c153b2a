namespace HermesX.Deploy.Tests.Helm;

/// <summary>
/// The values.yaml keys and defaults that the HermesX v2 deployment guide documents. Operators
/// copy `--set` lines from that guide, so each key must exist with this default and do something.
/// </summary>
public static class SeedValues
{
    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>
    {
        ["replicaCount"] = "2",
        ["image.repository"] = "hermesx/hermesx-saas",
        ["image.tag"] = "latest",
        ["image.pullPolicy"] = "IfNotPresent",
        ["service.type"] = "ClusterIP",
        ["service.port"] = "8080",
        ["args"] = "[saas-api]",
        ["env.DATABASE_URL"] = "",
        ["env.HERMES_ACP_TOKEN"] = "",
        ["env.SAAS_API_PORT"] = "8080",
        ["env.SAAS_ALLOWED_ORIGINS"] = "https://your-domain.example.com",
        ["env.SAAS_STATIC_DIR"] = "/static",
        ["env.REDIS_URL"] = "redis://redis:6379",
        ["env.HERMES_API_PORT"] = "8081",
        ["env.LLM_API_URL"] = "",
        ["env.LLM_API_KEY"] = "",
        ["env.LLM_MODEL"] = "",
        ["resources.limits.cpu"] = "1000m",
        ["resources.limits.memory"] = "512Mi",
        ["resources.requests.cpu"] = "200m",
        ["resources.requests.memory"] = "128Mi",
        ["probes.liveness.path"] = "/health/live",
        ["probes.liveness.initialDelaySeconds"] = "5",
        ["probes.liveness.periodSeconds"] = "10",
        ["probes.readiness.path"] = "/health/ready",
        ["probes.readiness.initialDelaySeconds"] = "5",
        ["probes.readiness.periodSeconds"] = "10",
        ["pdb.enabled"] = "true",
        ["pdb.minAvailable"] = "1",
        ["autoscaling.enabled"] = "true",
        ["autoscaling.minReplicas"] = "2",
        ["autoscaling.maxReplicas"] = "10",
        ["autoscaling.targetCPUUtilizationPercentage"] = "70",
        ["autoscaling.targetMemoryUtilizationPercentage"] = "80",
        ["autoscaling.scaleDownStabilizationSeconds"] = "300",
        ["tls.enabled"] = "false",
        ["tls.certFile"] = "",
        ["tls.keyFile"] = "",
        ["postgresql.enabled"] = "true",
        ["postgresql.auth.database"] = "hermesx",
        ["postgresql.auth.username"] = "hermes",
        ["postgresql.auth.password"] = "hermes-dev-password",
    };
}
