using HermesX.Grains.Abstractions.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HermesX.Grains.Tools;

/// <summary>The server-side tools by name, and each tenant's own (its MCP servers').</summary>
public sealed class ToolRegistry(IEnumerable<IServerTool> tools, IEnumerable<ITenantToolSource> tenantSources)
{
    private readonly Dictionary<string, IServerTool> _byName = Named(tools);
    private readonly ITenantToolSource[] _tenantSources = [.. tenantSources];

    public IReadOnlyCollection<IServerTool> All => _byName.Values;

    public IServerTool? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// The tenant's own tools, asked for once per turn; one whose name is a built-in tool's is left out (the built-in
    /// keeps its name). Nothing is allocated when the tenant has none: this runs on every turn.
    /// </summary>
    public async ValueTask<IReadOnlyList<IServerTool>> TenantToolsAsync(string tenantId, CancellationToken ct)
    {
        List<IServerTool>? found = null;
        HashSet<string>? names = null;
        foreach (var source in _tenantSources)
        {
            var tools = await source.ToolsAsync(tenantId, ct);
            if (tools.Count > 0)
            {
                names ??= new HashSet<string>(_byName.Keys, StringComparer.Ordinal);
                (found ??= []).AddRange(tools.Where(t => names.Add(t.Name)));
            }
        }
        return found ?? (IReadOnlyList<IServerTool>)[];
    }

    /// <summary>A built-in tool, or else one of the tenant's tools that the turn offered.</summary>
    public IServerTool? Find(string name, IReadOnlyList<IServerTool> tenantTools)
    {
        if (_byName.TryGetValue(name, out var builtIn))
        {
            return builtIn;
        }
        foreach (var tool in tenantTools)
        {
            if (tool.Name == name)
            {
                return tool;
            }
        }
        return null;
    }

    // Tenants name tools needing approval from ServerToolNames: a tool missing there could never be marked.
    private static Dictionary<string, IServerTool> Named(IEnumerable<IServerTool> tools)
    {
        var byName = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
        if (byName.Keys.FirstOrDefault(n => !ServerToolNames.All.Contains(n)) is { } unnamed)
        {
            throw new InvalidOperationException($"Server tool '{unnamed}' is missing from ServerToolNames.All");
        }
        return byName;
    }
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
