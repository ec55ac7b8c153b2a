using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace HermesX.IntegrationTests.Chat;

/// <summary>One Server-Sent Event of a chat stream: its <c>id:</c> (null when it had none), its name and its data.</summary>
public sealed record ChatSseEvent(string? Id, string Name, string Data);

/// <summary>Chat Completions streams over raw HTTP, read event by event, optionally resumed with <c>Last-Event-ID</c>.</summary>
public static class ChatSse
{
    public static HttpRequestMessage Request(string text, string? idempotencyKey, string? lastEventId = null, bool stream = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = ChatCluster.Model, stream, messages = new[] { new { role = "user", content = text } } }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }
        return request;
    }

    /// <summary>
    /// Reads a stream's events, at most <paramref name="take"/> of them (then the connection is closed), or to its end; a status
    /// other than 200 comes back with no events, and its body is in the message of the failed assertion of whoever expected 200.
    /// </summary>
    public static async Task<(HttpStatusCode Status, IReadOnlyDictionary<string, string> Headers, List<ChatSseEvent> Events)> ReadAsync(
        HttpClient http, HttpRequestMessage request, int take = int.MaxValue)
    {
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var headers = response.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var events = new List<ChatSseEvent>();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, headers, events);
        }
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? id = null, name = null, data = null;
        while (events.Count < take && await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    events.Add(new ChatSseEvent(id, name ?? "", data));
                }
                (id, name, data) = (null, null, null);
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line["id: ".Length..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }
        return (response.StatusCode, headers, events);
    }

    /// <summary>The text of the events' content deltas, concatenated.</summary>
    public static string Text(IEnumerable<ChatSseEvent> events) => string.Concat(events
        .Where(e => e.Name == "" && e.Data.StartsWith('{'))
        .Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("choices"))
        .Where(c => c.GetArrayLength() > 0)
        .Select(c => c[0].GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : ""));

    /// <summary>The events' ids, as numbers.</summary>
    public static List<int> Ids(IEnumerable<ChatSseEvent> events) => events.Select(e => int.Parse(e.Id!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
}
