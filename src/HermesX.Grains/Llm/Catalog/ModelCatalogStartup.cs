using Microsoft.Extensions.Hosting;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Grains.Llm.Catalog;

/// <summary>Loads the catalog and starts its file watcher when the host starts, not on the first chat.</summary>
internal sealed class ModelCatalogStartup(IModelCatalog catalog) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = catalog.Default;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
