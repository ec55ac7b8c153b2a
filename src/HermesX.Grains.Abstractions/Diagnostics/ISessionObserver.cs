namespace HermesX.Grains.Abstractions.Diagnostics;

/// <summary>Observes session activations per tenant (active sessions gauge).</summary>
public interface ISessionObserver
{
    void Activated(string tenantId);
    void Deactivated(string tenantId);
}
