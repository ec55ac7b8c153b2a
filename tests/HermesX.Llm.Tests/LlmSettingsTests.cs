using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Llm;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HermesX.Llm.Tests;

/// <summary>The LLM variables are bound like every other setting: one default each, one line naming a bad one.</summary>
public sealed class LlmSettingsTests
{
    private static LlmOptions Read(params (string Key, string? Value)[] values)
    {
        using var host = LlmTestHost.Create(values.ToDictionary(v => v.Key, v => v.Value));
        return host.Services.GetRequiredService<IOptions<LlmOptions>>().Value;
    }

    [Fact]
    public void UnsetOrBlankVariablesGiveTheDefaults()
    {
        foreach (var o in new[] { Read(), Read(("HERMES_PROVIDER", " "), ("HERMES_MAX_TOKENS", ""), ("HERMES_MODEL", "")) })
        {
            Assert.Equal(LlmProviders.OpenAI, o.Provider);
            Assert.Equal(HermesOptions.DefaultMaxTokens, o.MaxOutputTokens);
            Assert.Equal(LlmProviders.DefaultModelFor(LlmProviders.OpenAI), o.DefaultModelId);
            Assert.Null(o.BaseUrl);
        }
    }

    [Fact]
    public void TheHermesNamesWinOverTheirAliases()
    {
        var o = Read(("HERMES_PROVIDER", " Anthropic "), ("HERMES_MODEL", "m1"), ("LLM_MODEL", "m2"), ("LLM_API_URL", "http://alias/v1"),
            ("LLM_API_KEY", "alias-key"), ("HERMES_API_KEY_LLM", "key"), ("HERMES_MAX_TOKENS", "512"));
        Assert.Equal(LlmProviders.Anthropic, o.Provider);
        Assert.Equal("m1", o.Model);
        Assert.Equal("http://alias/v1", o.BaseUrl);
        Assert.Equal("key", o.ApiKey);
        Assert.Equal(512, o.MaxOutputTokens);
    }

    [Theory]
    [InlineData("HERMES_MAX_TOKENS", "lots", "HERMES_MAX_TOKENS must be an integer between 1 and 1000000")]
    [InlineData("HERMES_MAX_TOKENS", "0", "HERMES_MAX_TOKENS must be an integer between 1 and 1000000")]
    [InlineData("HERMES_BASE_URL", "ftp://secret-host/v1", "HERMES_BASE_URL (or LLM_API_URL) must be an absolute http(s) URL")]
    [InlineData("HERMES_PROVIDER", "palm", "HERMES_PROVIDER must be one of openai, anthropic, gemini")]
    public void ABadValueIsOneLineNamingTheVariable(string variable, string value, string line)
    {
        var e = Assert.Throws<OptionsValidationException>(() => Read((variable, value)));
        Assert.Equal(line, e.Message);
    }
}
