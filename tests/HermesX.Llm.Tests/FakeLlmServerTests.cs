using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HermesX.FakeLlm.Conversation;

namespace HermesX.Llm.Tests;

/// <summary>The fake's own HTTP control surface, as the demo scripts and the benchmark use it.</summary>
public sealed class FakeLlmServerTests : FakeServerTest, IDisposable
{
    private readonly HttpClient _http = new();

    [Fact]
    public async Task ScriptPostedOverHttpIsServedInOrder()
    {
        var script = await _http.PostAsync(Server.BaseUrl + "/_fake/script", Json("""
            [{"error": {"status": 429, "message": "slow down"}}, {"text": "scripted"}]
            """));

        var limited = await ChatAsync("Hi");
        var answered = await ChatAsync("Hi");

        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("slow down", (string?)(await Body(limited))["error"]!["message"]);
        Assert.Equal("scripted", (string?)(await Body(answered))["choices"]![0]!["message"]!["content"]);
    }

    [Fact]
    public async Task RequestsEndpointReturnsWhatClientsSent()
    {
        await ChatAsync("remember me");

        var requests = (await _http.GetFromJsonAsync<JsonArray>(Server.BaseUrl + "/_fake/requests"))!;

        var request = Assert.Single(requests)!;
        Assert.Equal("openai", (string?)request["provider"]);
        Assert.Equal("/v1/chat/completions", (string?)request["path"]);
        Assert.Equal("remember me", (string?)request["body"]!["messages"]![0]!["content"]);
    }

    [Fact]
    public async Task ResetForgetsScriptAndRequests()
    {
        await _http.PostAsync(Server.BaseUrl + "/_fake/script", Json("""{"text": "never served"}"""));
        await ChatAsync("Hi");
        await _http.PostAsync(Server.BaseUrl + "/_fake/script", Json("""{"text": "never served"}"""));

        await _http.PostAsync(Server.BaseUrl + "/_fake/reset", null);
        var answer = await Body(await ChatAsync("after reset"));

        Assert.Equal("Fake reply to: after reset", (string?)answer["choices"]![0]!["message"]!["content"]);
        Assert.Equal(1, Server.RequestCount);
    }

    [Fact]
    public async Task EveryAnswerReportsTheFakesOwnTimeAndLatencyIsConfigurable()
    {
        var config = await _http.PostAsync(Server.BaseUrl + "/_fake/config", Json("""{"latency_ms": 5}"""));

        var response = await ChatAsync("Hi");

        Assert.Equal(5, (int?)(await Body(config))["latency_ms"]);
        Assert.Equal(5, Server.LatencyMs);
        var header = Assert.Single(response.Headers.GetValues("X-Fake-Llm-Ms"));
        Assert.True(double.TryParse(header, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public async Task ModelsAreListedInOpenAIFormat()
    {
        var models = (await _http.GetFromJsonAsync<JsonObject>(Server.OpenAiBaseUrl + "/models"))!;

        Assert.Equal("list", (string?)models["object"]);
        Assert.Contains(models["data"]!.AsArray(), m => (string?)m!["id"] == "gpt-4o");
    }

    [Fact]
    public async Task UnknownGeminiMethodIsNotFound()
    {
        var response = await _http.PostAsync(Server.BaseUrl + "/v1beta/models/gemini-2.0-flash:countTokens", Json("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NOT_FOUND", (string?)(await Body(response))["error"]!["status"]);
    }

    [Fact]
    public async Task RepliesAreCutAtMaxTokens()
    {
        var response = await _http.PostAsync(Server.OpenAiBaseUrl + "/chat/completions", Json("""
            {"model": "m", "max_tokens": 2, "messages": [{"role": "user", "content": "a long enough question"}]}
            """));

        var choice = (await Body(response))["choices"]![0]!;
        Assert.Equal("length", (string?)choice["finish_reason"]);
        Assert.Equal(2, TokenCounter.Count((string?)choice["message"]!["content"]));
    }

    public void Dispose() => _http.Dispose();

    private Task<HttpResponseMessage> ChatAsync(string text) =>
        _http.PostAsync(Server.OpenAiBaseUrl + "/chat/completions", JsonContent.Create(new
        {
            model = "gpt-4o",
            messages = new[] { new { role = "user", content = text } },
        }));

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static async Task<JsonNode> Body(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
}
