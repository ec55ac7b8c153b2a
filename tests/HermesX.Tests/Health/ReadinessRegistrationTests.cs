using HermesX.Frontend.Health;
using HermesX.Tests.Architecture;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HermesX.Tests.Health;

/// <summary>Readiness is the framework's health-check service: which checks it runs, and which of them can make the pod unready.</summary>
public sealed class ReadinessRegistrationTests
{
    private static Dictionary<string, HealthStatus> ReadinessChecks(params (string, string)[] settings)
    {
        using var app = UnstartedHost.Build(settings);
        return app.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations
            .Where(r => r.Tags.Contains(HealthApi.ReadinessTag))
            .ToDictionary(r => r.Name, r => r.FailureStatus);
    }

    [Fact]
    public void PostgresClusterAndTheShutdownDrainCanMakeThePodUnreadyWhileRedisOnlyDegradesIt()
    {
        var checks = ReadinessChecks();
        Assert.Equal(HealthStatus.Unhealthy, checks["postgres"]);
        Assert.Equal(HealthStatus.Unhealthy, checks["cluster"]);
        Assert.Equal(HealthStatus.Unhealthy, checks["shutdown"]);
        Assert.Equal(HealthStatus.Degraded, checks["redis"]);
        Assert.DoesNotContain("object_store", checks.Keys);
    }

    [Fact]
    public void AnS3ObjectStoreIsCheckedButOnlyDegradesReadiness()
    {
        var checks = ReadinessChecks(("MINIO_ENDPOINT", "127.0.0.1:1"), ("MINIO_ACCESS_KEY", "ak"), ("MINIO_SECRET_KEY", "sk"));
        Assert.Equal(HealthStatus.Degraded, checks["object_store"]);
    }

    [Fact]
    public async Task DrainingAfterSigtermFailsTheShutdownCheck()
    {
        using var app = UnstartedHost.Build();
        var drain = app.Services.GetRequiredService<ShutdownDrain>();
        var registration = new HealthCheckRegistration("shutdown", drain, HealthStatus.Unhealthy, [HealthApi.ReadinessTag]);
        var context = new HealthCheckContext { Registration = registration };
        Assert.Equal(HealthStatus.Healthy, (await drain.CheckHealthAsync(context, default)).Status);
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();
        await drain.StoppingAsync(stopping.Token);
        var draining = await drain.CheckHealthAsync(context, default);
        Assert.Equal(HealthStatus.Unhealthy, draining.Status);
        Assert.Equal("draining", draining.Description);
    }
}
