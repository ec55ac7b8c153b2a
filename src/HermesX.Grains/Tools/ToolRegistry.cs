using HermesX.Grains.Abstractions.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HermesX.Grains.Tools;

/// <summary>The server-side tools by name, and each tenant's own (its MCP servers').</summary>
public sealed class ToolRegistry(IEnumerable<IServerTool> tools, IEnumerable<ITenantToolSource> tenantSources)
{
    private readonly Dictionary<string, IServerTool> _byName = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
    private readonly ITenantToolSource[] _tenantSources = [.. tenantSources];

    public IReadOnlyCollection<IServerTool> All => _byName.Values;

    public IServerTool? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The tenant's own tools; one whose name is a built-in tool's is left out (the built-in keeps its name).</summary>
    public async Task<IReadOnlyList<IServerTool>> TenantToolsAsync(string tenantId, CancellationToken ct)
    {
        if (_tenantSources.Length == 0)
        {
            return [];
        }
        var found = new List<IServerTool>();
        var names = new HashSet<string>(_byName.Keys, StringComparer.Ordinal);
        foreach (var source in _tenantSources)
        {
            found.AddRange((await source.ToolsAsync(tenantId, ct)).Where(t => names.Add(t.Name)));
        }
        return found;
    }

    /// <summary>A built-in tool, or else one of the tenant's own.</summary>
    public async Task<IServerTool?> FindAsync(string tenantId, string name, CancellationToken ct) =>
        Find(name) ?? (await TenantToolsAsync(tenantId, ct)).FirstOrDefault(t => t.Name == name);
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
