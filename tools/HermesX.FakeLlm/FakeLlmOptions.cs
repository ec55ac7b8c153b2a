namespace HermesX.FakeLlm;

/// <summary>Start-up settings of a fake server.</summary>
public sealed record FakeLlmOptions
{
    /// <summary>Configuration key (environment variable) for <see cref="LatencyMs"/>.</summary>
    public const string LatencyKey = "FAKE_LLM_LATENCY_MS";

    /// <summary>Configuration key (environment variable) for <see cref="MaxRecordedRequests"/>.</summary>
    public const string MaxRecordedKey = "FAKE_LLM_MAX_RECORDED";

    /// <summary>Fixed delay before each provider answer, so a benchmark can subtract a known cost.</summary>
    public int LatencyMs { get; init; }

    /// <summary>How many recent requests <c>GET /_fake/requests</c> keeps.</summary>
    public int MaxRecordedRequests { get; init; } = 10_000;

    /// <summary>Model ids listed by <c>GET /v1/models</c>.</summary>
    public IReadOnlyList<string> Models { get; init; } =
        ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4-20250514", "gemini-2.0-flash"];
}
