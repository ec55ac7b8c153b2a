using HermesX.Testing;
using HermesX.Grains.Llm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Llm.Tests;

public sealed class ModelCatalogTests : FakeServerTest, IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task DefaultModelIsServedWithoutACatalogFile()
    {
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.Anthropic));

        var model = Assert.Single(host.Catalog.List());
        await host.Factory.GetClient().ChatClient.GetResponseAsync("Hi");

        Assert.Equal(LlmTestHost.Model, model.Id);
        Assert.Equal(LlmProviders.Anthropic, model.Provider);
        Assert.True(model.IsDefault);
        Assert.Same(model, host.Catalog.Default);
        Assert.Equal(LlmTestHost.Model, Assert.Single(Server.Requests).Model);
    }

    [Fact]
    public void DefaultModelIsServedWhenTheCatalogOmitsIt()
    {
        _directory.WriteAtomically("models.yaml", Catalog(("other-model", 1.0m)));
        using var host = LlmTestHost.Create(WithCatalog());

        var ids = host.Catalog.List().Select(m => m.Id).ToList();

        Assert.Equal([LlmTestHost.Model, "other-model"], ids);
        Assert.True(host.Catalog.TryGet(LlmTestHost.Model, out var model) && model.IsDefault);
    }

    [Fact]
    public void CatalogEntryForTheDefaultModelGivesItsPrices()
    {
        _directory.WriteAtomically("models.yaml", Catalog((LlmTestHost.Model, 2.5m)));
        using var host = LlmTestHost.Create(WithCatalog());

        var model = host.Catalog.Default;

        Assert.Equal(2.5m, model.InputPricePerMillion);
        Assert.Equal(5.0m, model.OutputPricePerMillion);
        Assert.Equal(0.0075m, model.CostOf(1_000, 1_000));
        Assert.Single(host.Catalog.List());
    }

    [Fact]
    public async Task EditedCatalogIsServedWithoutRestart()
    {
        _directory.WriteAtomically("models.yaml", Catalog(("model-a", 1.0m)));
        using var host = LlmTestHost.Create(WithCatalog());
        Assert.True(host.Catalog.TryGet("model-a", out _));

        _directory.WriteAtomically("models.yaml", Catalog(("model-b", 3.0m)));
        // The catalog watcher polls the file, so a change shows up within seconds, not at once.
        await ApiHelpers.PollAsync(() => Task.FromResult(host.Catalog.TryGet("model-b", out _)), TimeSpan.FromSeconds(30), "model-b in the catalog");
        await host.Factory.GetClient("model-b").ChatClient.GetResponseAsync("Hi");

        Assert.False(host.Catalog.TryGet("model-a", out _));
        Assert.True(host.Catalog.TryGet(LlmTestHost.Model, out _));
        Assert.Equal("model-b", Assert.Single(Server.Requests).Model);
    }

    [Fact]
    public void CatalogWithAnUnknownKeyIsRejectedAndTheDefaultStillServed()
    {
        _directory.WriteAtomically("models.yaml", "models:\n  - id: typo-model\n    input_price_per_milion: 3\n");
        using var host = LlmTestHost.Create(WithCatalog());

        Assert.False(host.Catalog.TryGet("typo-model", out _));
        Assert.Equal(LlmTestHost.Model, Assert.Single(host.Catalog.List()).Id);
    }

    [Fact]
    public void SampleCatalogShippedWithHermesXLoads()
    {
        var settings = LlmTestHost.SettingsFor(Server, LlmProviders.OpenAI);
        settings["HERMES_MODEL_CATALOG"] = Path.Combine(AppContext.BaseDirectory, "Llm", "models.sample.yaml");
        using var host = LlmTestHost.Create(settings);

        Assert.True(host.Catalog.TryGet("claude-sonnet-4-20250514", out var claude));
        Assert.Equal(LlmProviders.Anthropic, claude.Provider);
        Assert.Equal("ANTHROPIC_API_KEY", claude.ApiKeyVariable);
        Assert.True(host.Catalog.TryGet("gpt-4o-mini", out var mini));
        Assert.Equal(0.15m, mini.InputPricePerMillion);
        Assert.Equal(Server.BaseUrl, mini.BaseUrl);
        Assert.True(host.Catalog.TryGet("gpt-4o-routed", out var routed));
        Assert.Equal(["api.openai.com:443/gpt-4o", "openai-proxy.internal:8080/gpt-4o"], routed.Deployments.Select(d => d.Id));
        Assert.Equal([3, 1], routed.Deployments.Select(d => d.Weight));
        Assert.Equal(["gpt-4o-mini"], routed.Fallbacks);
        Assert.Equal(TimeSpan.FromSeconds(60), routed.Cooldown);
    }

    [Fact]
    public async Task ModelOfAnotherProviderUsesItsOwnEndpointAndKey()
    {
        _directory.WriteAtomically("models.yaml", $"""
            models:
              - id: gemini-side
                provider: gemini
                base_url: {Server.BaseUrl}
                api_key_env: SIDE_GEMINI_KEY
            """);
        var settings = WithCatalog();
        settings["SIDE_GEMINI_KEY"] = "gemini-secret";
        using var host = LlmTestHost.Create(settings);

        await host.Factory.GetClient("gemini-side").ChatClient.GetResponseAsync("Hi");

        var request = Assert.Single(Server.Requests);
        Assert.Equal(LlmProviders.Gemini, request.Provider);
        Assert.Equal("gemini-secret", request.Headers["x-goog-api-key"]);
    }

    [Fact]
    public async Task AliasVariablesConfigureTheDefaultModel()
    {
        using var host = LlmTestHost.Create(new Dictionary<string, string?>
        {
            ["LLM_API_URL"] = Server.OpenAiBaseUrl,
            ["LLM_API_KEY"] = "alias-key",
            ["LLM_MODEL"] = "alias-model",
            ["HERMES_BASE_URL"] = "",
        });

        await host.Factory.GetClient().ChatClient.GetResponseAsync("Hi");

        var request = Assert.Single(Server.Requests);
        Assert.Equal("alias-model", request.Model);
        Assert.Equal("Bearer alias-key", request.Headers["authorization"]);
    }

    [Fact]
    public void UnknownProviderFailsValidationNamingTheVariable()
    {
        using var host = LlmTestHost.Create(new Dictionary<string, string?> { ["HERMES_PROVIDER"] = "palm" });

        var error = Assert.Throws<OptionsValidationException>(
            () => host.Services.GetRequiredService<IOptions<LlmOptions>>().Value);

        Assert.Contains("HERMES_PROVIDER", error.Message);
    }

    [Fact]
    public void UnknownModelIsReported()
    {
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.OpenAI));

        Assert.False(host.Factory.TryGetClient("no-such-model", out _));
        var error = Assert.Throws<LlmModelNotFoundException>(() => host.Factory.GetClient("no-such-model"));
        Assert.Equal("no-such-model", error.ModelId);
    }

    public void Dispose() => _directory.Dispose();

    private Dictionary<string, string?> WithCatalog()
    {
        var settings = LlmTestHost.SettingsFor(Server, LlmProviders.OpenAI);
        settings["HERMES_MODEL_CATALOG"] = _directory.File("models.yaml");
        return settings;
    }

    private static string Catalog(params (string Id, decimal InputPrice)[] models) =>
        "models:\n" + string.Concat(models.Select(m => $"""
              - id: {m.Id}
                context_length: 8192
                input_price_per_million: {m.InputPrice}
                output_price_per_million: {m.InputPrice * 2}

            """));
}
