using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Grains.Abstractions.Diagnostics;

/// <summary>Who a model call was made for.</summary>
public sealed record LlmCall(string TenantId, string SessionId, string UserId);

/// <summary>Observes every model call of the agent loop (metrics, usage metering).</summary>
public interface ILlmObserver
{
    void Observed(LlmCall call, ModelInfo model, string status, TimeSpan duration, long inputTokens, long outputTokens);
}
