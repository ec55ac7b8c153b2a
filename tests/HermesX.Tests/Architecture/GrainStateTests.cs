using System.Reflection;
using HermesX.Grains.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;

namespace HermesX.Tests.Architecture;

/// <summary>Every grain writes its own rows through the stores; Orleans keeps no grain state, so no storage provider is wired.</summary>
public sealed class GrainStateTests
{
    [Fact]
    public void NoGrainAsksOrleansToKeepItsState()
    {
        var persisted = typeof(SessionGrain).Assembly.GetTypes()
            .Where(t => typeof(Grain).IsAssignableFrom(t))
            .SelectMany(t => t.GetConstructors().SelectMany(c => c.GetParameters())
                .Where(p => p.GetCustomAttributes().Any(a => a is PersistentStateAttribute))
                .Select(p => $"{t.Name}({p.Name})"))
            .ToList();
        Assert.Empty(persisted);
    }

    [Fact]
    public async Task TheSiloRegistersNoGrainStorageProvider()
    {
        await using var app = UnstartedHost.Build();
        Assert.Null(app.Services.GetKeyedService<IGrainStorage>("Default"));
        Assert.Empty(app.Services.GetServices<IGrainStorage>());
    }
}
