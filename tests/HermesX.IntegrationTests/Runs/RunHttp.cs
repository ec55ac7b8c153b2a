using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HermesX.IntegrationTests.Chat;
using HermesX.IntegrationTests.Responses;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Runs;

/// <summary>Background responses over raw HTTP: create, poll until a status, cancel, and their event streams read event by event.</summary>
public static class RunHttp
{
    public static async Task<JsonElement> CreateAsync(HttpClient http, object body, string? sessionId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses") { Content = JsonContent.Create(WithBackground(body)) };
        if (sessionId is not null)
        {
            request.Headers.Add("X-Hermes-Session-Id", sessionId);
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"create: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient http, string id)
    {
        using var response = await http.GetAsync($"/v1/responses/{id}");
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> CancelAsync(HttpClient http, string id)
    {
        using var response = await http.PostAsync($"/v1/responses/{id}/cancel", null);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary>
    /// Polls GET until the response has <paramref name="status"/>. While a killed silo is being replaced a GET may fail
    /// (the cluster has not declared it dead yet): that counts as not there yet.
    /// </summary>
    public static async Task<JsonElement> WaitForStatusAsync(HttpClient http, string id, string status, TimeSpan deadline)
    {
        JsonElement last = default;
        try
        {
            await PollAsync();
        }
        catch (TimeoutException e)
        {
            // Say where it stood: a run that failed or was refused names why.
            throw new TimeoutException($"{e.Message}; last seen: {(last.ValueKind == JsonValueKind.Undefined ? "nothing" : last.GetRawText())}", e);
        }
        return last;

        Task PollAsync() => ApiHelpers.PollAsync(async () =>
        {
            try
            {
                var (code, body) = await GetAsync(http, id);
                if (code == HttpStatusCode.OK)
                {
                    last = body;
                    return body.GetProperty("status").GetString() == status;
                }
                return false;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, deadline, $"response {id} {status}");
    }

    /// <summary>
    /// Reads a stream's events, at most <paramref name="take"/> of them (then the connection is closed), or to its end.
    /// </summary>
    public static async Task<List<ResponsesHttp.Event>> ReadAsync(HttpClient http, HttpRequestMessage request, int take = int.MaxValue)
    {
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<ResponsesHttp.Event>();
        string? name = null;
        while (events.Count < take && await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add(new ResponsesHttp.Event(name ?? "", JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone()));
                name = null;
            }
        }
        return events;
    }

    public static HttpRequestMessage StreamRequest(object body) =>
        new(HttpMethod.Post, "/v1/responses") { Content = JsonContent.Create(WithBackground(body, stream: true)) };

    public static HttpRequestMessage ResumeRequest(string id, int? startingAfter) =>
        new(HttpMethod.Get, $"/v1/responses/{id}?stream=true" + (startingAfter is { } n ? $"&starting_after={n}" : ""));

    public static int Sequence(ResponsesHttp.Event e) => e.Data.GetProperty("sequence_number").GetInt32();

    public static string Deltas(IEnumerable<ResponsesHttp.Event> events) =>
        string.Concat(events.Where(e => e.Name == "response.output_text.delta").Select(e => e.Data.GetProperty("delta").GetString()));

    private static Dictionary<string, object?> WithBackground(object body, bool stream = false)
    {
        var fields = new Dictionary<string, object?> { ["model"] = ChatCluster.Model, ["background"] = true };
        if (stream)
        {
            fields["stream"] = true;
        }
        foreach (var p in JsonSerializer.SerializeToElement(body).EnumerateObject())
        {
            fields[p.Name] = p.Value;
        }
        return fields;
    }
}
