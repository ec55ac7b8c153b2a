namespace HermesX.Grains.Abstractions.Diagnostics;

/// <summary>Observes each server tool run (metrics hook).</summary>
public interface IToolObserver
{
    void Observed(string tenantId, string toolName, string status, TimeSpan duration);
}
