using System.Diagnostics;
using System.Net.Http.Json;

namespace HermesX.Benchmark;

/// <summary>Latencies of one timed run with a fixed number of concurrent clients.</summary>
public sealed record LoadResult(string Name, int Clients, TimeSpan Duration, long Ok, long Failed, double[] LatenciesMs)
{
    public double Throughput => Ok / Duration.TotalSeconds;

    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
        {
            return double.NaN;
        }
        var sorted = LatenciesMs.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>Runs <paramref name="clients"/> loops that each send one request after another for a fixed time.</summary>
public static class LoadRun
{
    public static async Task<LoadResult> RunAsync(string name, int clients, TimeSpan duration, Func<int, long, Task<bool>> request)
    {
        var latencies = new List<double>[clients];
        long ok = 0, failed = 0;
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            latencies[c] = [];
            for (long i = 0; stop.Elapsed < duration; i++)
            {
                var started = Stopwatch.GetTimestamp();
                bool success;
                try
                {
                    success = await request(c, i);
                }
                catch (HttpRequestException)
                {
                    success = false;
                }
                if (success)
                {
                    latencies[c].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Interlocked.Increment(ref ok);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }));
        return new LoadResult(name, clients, stop.Elapsed, ok, failed, latencies.SelectMany(l => l).ToArray());
    }

    /// <summary>Milliseconds from sending a streamed request to its first content chunk, one request after another.</summary>
    public static async Task<double[]> FirstTokenAsync(HttpClient http, string path, int count, Func<int, string?> session)
    {
        var result = new double[count];
        for (var i = 0; i < count; i++)
        {
            using var req = new HttpRequestMessage(HttpMethod.Post, path) { Content = ChatBody($"stream {i}", true) };
            if (session(i) is { } id)
            {
                req.Headers.Add("X-Hermes-Session-Id", id);
            }
            var started = Stopwatch.GetTimestamp();
            using var r = await http.SendAsync(req, HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await r.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("data:", StringComparison.Ordinal) && line.Contains("\"content\"", StringComparison.Ordinal))
                {
                    result[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    break;
                }
            }
            await reader.ReadToEndAsync();
        }
        return result;
    }

    public static JsonContent ChatBody(string text, bool stream) =>
        JsonContent.Create(new { model = "fake-gpt", stream, messages = new[] { new { role = "user", content = text } } });
}
