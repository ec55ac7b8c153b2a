using System.Net.Http.Json;
using HermesX.FakeLlm.Scripting;
using HermesX.IntegrationTests.Chat;
using HermesX.IntegrationTests.Cluster;
using Xunit.Abstractions;

namespace HermesX.IntegrationTests.Faults;

/// <summary>kill -9 of a silo while streamed turns run: each stream completes or ends with an error event, none hangs or is cut.</summary>
public sealed class StreamedTurnKillTests(ITestOutputHelper output)
{
    private const int Streams = 8;

    [Fact]
    public async Task EveryStreamEndsCleanlyWhenASiloDiesMidTurn()
    {
        await using var chat = await ChatCluster.StartAsync(silos: 2, FailoverTests.Unlimited);
        var (_, key) = await chat.UnlimitedTenantWithKeyAsync();
        var (doomed, survivor) = (chat.Cluster.Silos[0], chat.Cluster.Silos[1]);
        // Session grains land on both silos; each stream takes ~8 s, so the kill falls inside every one.
        chat.Llm.Enqueue(Enumerable.Range(0, Streams).Select(_ =>
            new FakeReply { Chunks = [.. Enumerable.Range(0, 20).Select(i => $"part{i} ")], ChunkDelayMs = 400 }));

        var firstDelta = Enumerable.Range(0, Streams).Select(_ => new TaskCompletionSource()).ToArray();
        var streams = Enumerable.Range(0, Streams).Select(i => Task.Run(() => StreamAsync(survivor.CreateClient(key), $"kill-stream-{i}", firstDelta[i]))).ToArray();
        await Task.WhenAll(firstDelta.Select(t => t.Task)).WaitAsync(TimeSpan.FromSeconds(60));
        await doomed.KillAsync();
        var endings = await Task.WhenAll(streams).WaitAsync(TimeSpan.FromSeconds(90));

        output.WriteLine("streams after kill -9: " + string.Join(", ", endings.GroupBy(e => e).Select(g => $"{g.Count()} {g.Key}")));
        Assert.All(endings, e => Assert.True(e is "completed" or "error event", $"a stream ended with: {e}"));
    }

    /// <summary>Reads one streamed turn to its end: "completed" ([DONE] after a finish), "error event", or what else happened.</summary>
    private static async Task<string> StreamAsync(HttpClient http, string session, TaskCompletionSource started)
    {
        using var _ = http;
        using var req = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = ChatCluster.Model, stream = true, messages = new[] { new { role = "user", content = "tell a long story" } } }),
        };
        req.Headers.Add("X-Hermes-Session-Id", session);
        try
        {
            using var response = await http.SendAsync(req, HttpCompletionOption.ResponseHeadersRead);
            if (!response.IsSuccessStatusCode)
            {
                started.TrySetResult();
                return $"status {(int)response.StatusCode}";
            }
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var sawError = false;
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.Contains("part", StringComparison.Ordinal))
                {
                    started.TrySetResult();
                }
                sawError |= line == "event: error";
                if (line == "data: [DONE]")
                {
                    return "completed";
                }
            }
            return sawError ? "error event" : "stream ended without [DONE] or an error event";
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            started.TrySetResult();
            return $"cut: {e.GetType().Name} {e.Message}";
        }
    }
}
