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

    public static JsonContent ChatBody(string text, bool stream) =>
        JsonContent.Create(new { model = "fake-gpt", stream, messages = new[] { new { role = "user", content = text } } });
}
