using System.Net;
using System.Text;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Chat;

/// <summary>GET /v1/models/{id}, and 415 for a body that is not JSON on JSON endpoints.</summary>
[Collection(ProviderChatCollection.Name)]
public sealed class ModelsAndContentTypeTests(ProviderChatFixture f)
{
    [Theory]
    [InlineData(ProviderChatFixture.OpenAIModel, "openai")]
    [InlineData(ProviderChatFixture.AnthropicModel, "anthropic")]
    [InlineData(ProviderChatFixture.GeminiModel, "gemini")]
    public async Task AServedModelIsRetrievedAsAnOpenAIModelObject(string id, string owner)
    {
        using var http = f.Client();
        using var r = await http.GetAsync($"/v1/models/{id}");
        var model = await r.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(id, model.GetProperty("id").GetString());
        Assert.Equal("model", model.GetProperty("object").GetString());
        Assert.Equal(owner, model.GetProperty("owned_by").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Number, model.GetProperty("created").ValueKind);
    }

    [Fact]
    public async Task AnUnknownModelIs404InTheOpenAIErrorShape()
    {
        using var http = f.Client();
        using var r = await http.GetAsync("/v1/models/org/no-such-model");
        Assert.Equal("model_not_found", await r.ExpectErrorAsync(HttpStatusCode.NotFound));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    [InlineData(null)]
    public async Task AChatBodyThatIsNotJsonIs415AndWritesNothing(string? contentType)
    {
        using var http = f.Client();
        var session = "ctype-" + Guid.NewGuid().ToString("N")[..12];
        var before = f.Chat.Llm.RequestCount;
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(
            $$"""{"model":"{{ProviderChatFixture.OpenAIModel}}","session_id":"{{session}}","messages":[{"role":"user","content":"hi"}]}"""));
        if (contentType is not null)
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }
        using var r = await http.PostAsync("/v1/chat/completions", content);
        Assert.Equal("unsupported_media_type", await r.ExpectErrorAsync(HttpStatusCode.UnsupportedMediaType));
        Assert.Equal(before, f.Chat.Llm.RequestCount);
        Assert.Equal(0L, await f.Chat.Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM sessions WHERE id = '{session}'"));
    }

    [Theory]
    [InlineData("/v1/sessions")]
    [InlineData("/v1/chat/abort")]
    [InlineData("/v1/api-keys")]
    public async Task EveryJsonPostRefusesAnotherContentType(string path)
    {
        using var http = f.Client();
        using var r = await http.PostAsync(path, new StringContent("session_id=x", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal("unsupported_media_type", await r.ExpectErrorAsync(HttpStatusCode.UnsupportedMediaType));
    }

    [Fact]
    public async Task AJsonContentTypeWithACharsetOrASuffixIsJson()
    {
        using var http = f.Client();
        using var content = new StringContent("""{"model":"fake-gpt","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/vnd.api+json; charset=utf-8");
        using var r = await http.PostAsync("/v1/chat/completions", content);
        await r.ExpectJsonAsync(HttpStatusCode.OK);
    }
}
