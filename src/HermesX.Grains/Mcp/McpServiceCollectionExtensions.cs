using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Abstractions.Mcp;
using HermesX.Grains.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HermesX.Grains.Mcp;

public static class McpServiceCollectionExtensions
{
    /// <summary>
    /// Registers tenants' MCP servers as a source of tools for the agent loop, and the connections a request's own servers
    /// get for its turn (needs the outbound guard of AddHermesWebhooks).
    /// </summary>
    public static IServiceCollection AddHermesMcp(this IServiceCollection services, McpOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(new McpSecrets(options.SecretKey));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<McpStore>();
        services.AddSingleton<IMcpQueries>(sp => sp.GetRequiredService<McpStore>());
        services.AddSingleton<McpClients>();
        services.AddSingleton<McpConnections>();
        services.AddSingleton<McpToolSource>();
        services.AddSingleton<ITenantToolSource>(sp => sp.GetRequiredService<McpToolSource>());
        services.AddSingleton<McpRequestTools>();
        return services;
    }
}
