using HermesX.Grains.Llm;

namespace HermesX.Grains.Agent;

/// <summary>Observes every model call of the agent loop (metrics, usage metering).</summary>
public interface ILlmObserver
{
    void Observed(string tenantId, ModelInfo model, string status, TimeSpan duration, long inputTokens, long outputTokens);
}
