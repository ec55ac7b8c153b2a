using System.Net.Http.Json;
using System.Text.Json;
using HermesX.IntegrationTests.Chat;

namespace HermesX.IntegrationTests.Responses;

/// <summary>Raw HTTP calls of the Responses API, and its event stream read frame by frame.</summary>
public static class ResponsesHttp
{
    public sealed record Event(string Name, JsonElement Data);

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> CreateAsync(HttpClient http, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses") { Content = JsonContent.Create(WithModel(body)) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    public static async Task<List<Event>> StreamAsync(HttpClient http, object body)
    {
        var fields = WithModel(body);
        fields["stream"] = true;
        using var response = await http.PostAsJsonAsync("/v1/responses", fields);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<Event>();
        string? name = null;
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n'))
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add(new Event(name ?? "", JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone()));
                name = null;
            }
        }
        return events;
    }

    public static object WeatherTool => new
    {
        type = "function",
        name = "get_weather",
        description = "Weather for a city",
        parameters = new { type = "object", properties = new { city = new { type = "string" } }, required = new[] { "city" } },
    };

    private static Dictionary<string, object?> WithModel(object body)
    {
        var fields = new Dictionary<string, object?> { ["model"] = ChatCluster.Model };
        foreach (var p in JsonSerializer.SerializeToElement(body).EnumerateObject())
        {
            fields[p.Name] = p.Value;
        }
        return fields;
    }
}
