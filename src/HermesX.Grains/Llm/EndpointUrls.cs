using HermesX.Grains.Abstractions.Llm;
namespace HermesX.Grains.Llm;

/// <summary>
/// Normalises configured base URLs to what each SDK expects, so one server address works for all three
/// providers: OpenAI clients want the <c>/v1</c> root, Anthropic's SDK adds <c>/v1/messages</c> itself,
/// Gemini calls live under <c>/v1beta</c>.
/// </summary>
internal static class EndpointUrls
{
    public const string OpenAIDefault = "https://api.openai.com/v1";
    public const string AnthropicDefault = "https://api.anthropic.com";
    public const string GeminiDefault = "https://generativelanguage.googleapis.com/v1beta";

    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    public static Uri For(string provider, string? baseUrl)
    {
        if (baseUrl is null)
        {
            return new Uri(provider switch
            {
                LlmProviders.Anthropic => AnthropicDefault,
                LlmProviders.Gemini => GeminiDefault + "/",
                _ => OpenAIDefault,
            });
        }

        var trimmed = baseUrl.TrimEnd('/');
        var path = new Uri(trimmed).AbsolutePath.TrimEnd('/');
        return provider switch
        {
            // A bare host gets /v1, as vLLM, Ollama and the OpenAI API all serve there.
            LlmProviders.OpenAI => new Uri(path.Length == 0 ? trimmed + "/v1" : trimmed),
            LlmProviders.Anthropic => new Uri(path.EndsWith("/v1", StringComparison.Ordinal) ? trimmed[..^3] : trimmed),
            _ => new Uri((path.EndsWith("/v1beta", StringComparison.Ordinal) || path.EndsWith("/v1", StringComparison.Ordinal)
                ? trimmed
                : trimmed + "/v1beta") + "/"),
        };
    }
}
