using Microsoft.Extensions.Options;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Grains.Llm;

/// <summary>Stops start-up with one line naming the variable when an LLM setting is invalid.</summary>
internal sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        var failures = new List<string>();
        if (options.ProviderSetting is { } provider && LlmProviders.Normalize(provider) is null)
        {
            failures.Add($"HERMES_PROVIDER must be one of {string.Join(", ", LlmProviders.All)} (got '{provider}')");
        }

        if (options.BaseUrl is { } url && !EndpointUrls.IsHttpUrl(url))
        {
            failures.Add($"HERMES_BASE_URL (or LLM_API_URL) must be an absolute http(s) URL (got '{url}')");
        }

        if (options.MaxOutputTokensSetting is not null && options.MaxOutputTokens <= 0)
        {
            failures.Add($"HERMES_MAX_TOKENS must be a positive integer (got '{options.MaxOutputTokensSetting}')");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
