using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using HermesX.IntegrationTests.Chat;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Cluster;

/// <summary>
/// One client per session, each sending turn after turn and retrying a failed one at once, so the
/// time between two answered turns of a session is the stall a user of that session would see.
/// </summary>
public sealed class ChatLoad : IAsyncDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, List<TimeSpan>> _answered = new();
    private readonly List<Task> _clients = [];
    private readonly ConcurrentQueue<string> _failures = new();
    private int _failed;

    private ChatLoad()
    {
    }

    public int Failed => _failed;

    /// <summary>What the failed attempts met: a status and body, or an exception, with when and which session.</summary>
    public IReadOnlyList<string> Failures => [.. _failures];
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Starts one client per session; <paramref name="via"/> picks the silo a session's requests go to.</summary>
    public static ChatLoad Start(IReadOnlyList<string> sessions, string key, Func<int, SiloProcess> via) =>
        Start(sessions, i => via(i).CreateClient(key));

    /// <summary>Starts one client per session; <paramref name="client"/> makes session i's HTTP client (disposed at the end).</summary>
    public static ChatLoad Start(IReadOnlyList<string> sessions, Func<int, HttpClient> client)
    {
        var load = new ChatLoad();
        for (var i = 0; i < sessions.Count; i++)
        {
            var session = sessions[i];
            load._answered[session] = [];
            var http = client(i);
            load._clients.Add(Task.Run(() => load.RunAsync(session, http)));
        }
        return load;
    }

    private async Task RunAsync(string session, HttpClient http)
    {
        using var _ = http;
        for (var turn = 0; !_stop.IsCancellationRequested; turn++)
        {
            try
            {
                var (response, body) = await ChatCluster.ChatAsync(http, $"turn {turn}", session);
                using (response)
                {
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        var answers = _answered[session];
                        lock (answers)
                        {
                            answers.Add(_clock.Elapsed);
                        }
                        // A user types between turns; without a pause the clients only measure the CPU.
                        await Task.Delay(50);
                        continue;
                    }
                    _failures.Enqueue($"{_clock.Elapsed.TotalSeconds:F2} s {session}: {(int)response.StatusCode} {body}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                // Counted below as a failed turn, then retried.
                _failures.Enqueue($"{_clock.Elapsed.TotalSeconds:F2} s {session}: {e.GetType().Name} {e.Message}");
            }
            Interlocked.Increment(ref _failed);
            await Task.Delay(50);
        }
    }

    /// <summary>Turns answered for a session after the given moment.</summary>
    public int AnsweredSince(string session, TimeSpan since)
    {
        var answers = _answered[session];
        lock (answers)
        {
            return answers.Count(t => t > since);
        }
    }

    public int Answered => _answered.Values.Sum(a => { lock (a) { return a.Count; } });

    /// <summary>Waits until every session has answered <paramref name="turns"/> turns after <paramref name="since"/>.</summary>
    public Task WaitAllAnsweredAsync(TimeSpan since, int turns, TimeSpan limit, string what) =>
        ApiHelpers.PollAsync(() => Task.FromResult(_answered.Keys.All(s => AnsweredSince(s, since) >= turns)), limit, what);

    /// <summary>The longest time between two answered turns of one session (its first answer after <paramref name="from"/> counts as the start).</summary>
    public (string Session, TimeSpan Gap) LongestGap(TimeSpan from)
    {
        var worst = ("", TimeSpan.Zero);
        foreach (var (session, answers) in _answered)
        {
            List<TimeSpan> times;
            lock (answers)
            {
                times = answers.Where(t => t >= from).ToList();
            }
            for (var i = 1; i < times.Count; i++)
            {
                if (times[i] - times[i - 1] > worst.Item2)
                {
                    worst = (session, times[i] - times[i - 1]);
                }
            }
        }
        return worst;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await Task.WhenAll(_clients);
        _stop.Dispose();
    }
}
