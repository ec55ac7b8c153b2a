using HermesX.Grains.Abstractions.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HermesX.Grains.Tools;

/// <summary>The server-side tools by name.</summary>
public sealed class ToolRegistry(IEnumerable<IServerTool> tools)
{
    private readonly Dictionary<string, IServerTool> _byName = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<IServerTool> All => _byName.Values;

    public IServerTool? Find(string name) => _byName.GetValueOrDefault(name);
}

public static class ToolServiceCollectionExtensions
{
    public static IServiceCollection AddServerTool<T>(this IServiceCollection services) where T : class, IServerTool =>
        services.AddSingleton<IServerTool, T>();

    public static IServiceCollection AddHermesTools(this IServiceCollection services)
    {
        services.AddSingleton<ToolRegistry>();
        services.AddSingleton<ReceiptStore>();
        services.AddSingleton<IReceiptQueries>(sp => sp.GetRequiredService<ReceiptStore>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ToolRunner>();
        services.AddSingleton<MemoryStore>();
        services.AddSingleton<IMemoryQueries>(sp => sp.GetRequiredService<MemoryStore>());
        services.AddSingleton<TodoStore>();
        services.AddServerTool<CurrentTimeTool>();
        services.AddServerTool<CalculatorTool>();
        services.AddServerTool<MemoryTool>();
        services.AddServerTool<SessionSearchTool>();
        services.AddServerTool<TodoTool>();
        return services;
    }
}
