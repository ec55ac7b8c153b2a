using HermesX.Grains.Sessions;
using HermesX.Grains.Tools;
using HermesX.Grains.Usage;
using Microsoft.Extensions.DependencyInjection;
using HermesX.Grains.Abstractions.Diagnostics;

namespace HermesX.Grains.Agent;

public static class AgentServiceCollectionExtensions
{
    /// <summary>Sessions, the agent loop and the server-side tools. The LLM layer (AddHermesLlm) provides the models.</summary>
    public static IServiceCollection AddHermesAgent(this IServiceCollection services)
    {
        services.AddSingleton<SystemPromptBuilder>();
        services.AddSingleton<AgentRunner>();
        services.AddHermesTools();
        services.AddSingleton<UsageWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<UsageWriter>());
        services.AddSingleton<ILlmObserver>(sp => sp.GetRequiredService<UsageWriter>());
        return services;
    }
}
