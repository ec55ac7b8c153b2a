namespace HermesX.Grains.Abstractions.Diagnostics;

/// <summary>Receives the duration of every store operation (metrics hook).</summary>
public interface IStoreObserver
{
    void Observed(string operation, string entity, TimeSpan duration, bool succeeded);
}
