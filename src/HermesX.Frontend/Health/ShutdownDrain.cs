using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HermesX.Frontend.Health;

/// <summary>
/// On SIGTERM, readiness turns 503 at once while the instance keeps serving for the drain time
/// (HERMES_SHUTDOWN_DRAIN_SECONDS), so load balancers stop sending new requests before Kestrel
/// stops accepting and the silo hands its grains off. Stopping callbacks of lifecycle services
/// run before any hosted service stops, so the whole instance stays up while this one waits.
/// </summary>
public sealed class ShutdownDrain(TimeSpan drain, ILogger<ShutdownDrain> logger) : IHealthCheck, IHostedLifecycleService
{
    private volatile bool _draining;

    public bool Draining => _draining;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct) =>
        Task.FromResult(HealthApi.Outcome(context, _draining ? "draining" : null));

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        logger.LogInformation("Shutting down: readiness answers 503, serving for {DrainSeconds} s more", drain.TotalSeconds);
        try
        {
            await Task.Delay(drain, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out; stopping goes on.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
