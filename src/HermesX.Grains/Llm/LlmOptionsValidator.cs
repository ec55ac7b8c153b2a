using Microsoft.Extensions.Options;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Configuration;

namespace HermesX.Grains.Llm;

/// <summary>Stops start-up with one line naming the variable, never its value, when an LLM setting is invalid.</summary>
internal sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        var failures = new List<string>();
        if (options.ProviderSetting is { } provider && LlmProviders.Normalize(provider) is null)
        {
            failures.Add($"HERMES_PROVIDER must be one of {string.Join(", ", LlmProviders.All)}");
        }

        if (options.BaseUrl is { } url && !EndpointUrls.IsHttpUrl(url))
        {
            failures.Add("HERMES_BASE_URL (or LLM_API_URL) must be an absolute http(s) URL");
        }

        if (EnvironmentBinder.OutOfRange(options) is var (variable, problem))
        {
            failures.Add($"{variable} {problem}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
