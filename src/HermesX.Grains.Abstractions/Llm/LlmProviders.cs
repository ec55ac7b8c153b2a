namespace HermesX.Grains.Abstractions.Llm;

/// <summary>The provider names HermesX understands, as written in HERMES_PROVIDER and the catalog.</summary>
public static class LlmProviders
{
    public const string OpenAI = "openai";
    public const string Anthropic = "anthropic";
    public const string Gemini = "gemini";

    public static readonly IReadOnlyList<string> All = [OpenAI, Anthropic, Gemini];

    /// <summary>Canonical name for a provider as configured, or null when unknown.</summary>
    /// <remarks>OpenAI-compatible servers (vLLM, Ollama, ...) are the <c>openai</c> provider with a base URL.</remarks>
    public static string? Normalize(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "openai" or "openai-compatible" or "openai_compatible" or "vllm" or "ollama" => OpenAI,
        "anthropic" or "claude" => Anthropic,
        "gemini" or "google" => Gemini,
        _ => null,
    };

    /// <summary>The model served when HERMES_MODEL is not set.</summary>
    public static string DefaultModelFor(string provider) => provider switch
    {
        Anthropic => "claude-sonnet-4-20250514",
        Gemini => "gemini-2.0-flash",
        _ => "gpt-4o",
    };

    /// <summary>The conventional API-key variable for a catalog model of a non-default provider.</summary>
    public static string ApiKeyVariableFor(string provider) => provider switch
    {
        Anthropic => "ANTHROPIC_API_KEY",
        Gemini => "GEMINI_API_KEY",
        _ => "OPENAI_API_KEY",
    };
}
