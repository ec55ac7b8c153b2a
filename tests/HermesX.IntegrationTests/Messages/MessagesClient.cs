using System.Net;
using System.Text;
using System.Text.Json;
using HermesX.IntegrationTests.Chat;

namespace HermesX.IntegrationTests.Messages;

/// <summary>Calls of the Anthropic Messages endpoint as an Anthropic client makes them, and checks of its shapes.</summary>
internal static class MessagesClient
{
    public const string Version = "2023-06-01";

    public static HttpRequestMessage Request(object body, string? sessionId = null) =>
        Request(JsonSerializer.Serialize(body), sessionId);

    public static HttpRequestMessage Request(string json, string? sessionId = null, string contentType = "application/json")
    {
        var req = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new StringContent(json, Encoding.UTF8, contentType) };
        req.Headers.Add("anthropic-version", Version);
        if (sessionId is not null)
        {
            req.Headers.Add("X-Hermes-Session-Id", sessionId);
        }
        return req;
    }

    public static object Body(object messages, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["model"] = ChatCluster.Model, ["max_tokens"] = 256, ["messages"] = messages };
        foreach (var p in extra is null ? [] : JsonSerializer.SerializeToElement(extra).EnumerateObject())
        {
            body[p.Name] = p.Value;
        }
        return body;
    }

    public static object[] User(string text) => [new { role = "user", content = text }];

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        {
            var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return (response, text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
        }
    }

    /// <summary>Asserts Anthropic's error shape with the given status and error.type; returns error.message.</summary>
    public static string ExpectError(HttpResponseMessage response, JsonElement body, HttpStatusCode status, string type)
    {
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("error", body.GetProperty("type").GetString());
        var error = body.GetProperty("error");
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(response.Headers.GetValues("X-Request-ID").Single(), body.GetProperty("request_id").GetString());
        var message = error.GetProperty("message").GetString();
        Assert.False(string.IsNullOrEmpty(message));
        return message!;
    }

    /// <summary>The SSE frames of a stream as (event, data) pairs, in order.</summary>
    public static List<(string Event, JsonElement Data)> Events(string sse) =>
        sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(frame => frame.Split('\n'))
            .Where(lines => lines.Any(l => l.StartsWith("event: ", StringComparison.Ordinal)))
            .Select(lines => (
                lines.Single(l => l.StartsWith("event: ", StringComparison.Ordinal))["event: ".Length..],
                JsonDocument.Parse(string.Concat(lines.Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l["data: ".Length..]))).RootElement.Clone()))
            .ToList();
}
