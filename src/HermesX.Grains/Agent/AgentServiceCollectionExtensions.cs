using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Sessions;
using HermesX.Grains.Tools;
using Microsoft.Extensions.DependencyInjection;

namespace HermesX.Grains.Agent;

public static class AgentServiceCollectionExtensions
{
    /// <summary>Sessions, the agent loop and the server-side tools. The LLM layer (AddHermesLlm) provides the models.</summary>
    public static IServiceCollection AddHermesAgent(this IServiceCollection services)
    {
        services.AddSingleton<SystemPromptBuilder>();
        services.AddSingleton<CallBudget>();
        services.AddSingleton<AgentRunner>();
        services.AddSingleton<SessionServices>();
        services.AddSingleton<IOneShotTurns, OneShotTurns>();
        services.AddHermesTools();
        return services;
    }
}
