using System.Collections.Concurrent;

namespace HermesX.FakeLlm.Scripting;

/// <summary>
/// The mutable state of one fake server: the reply script, the request log and the latency setting.
/// Shared by every endpoint and safe for concurrent use.
/// </summary>
public sealed class FakeLlmState(FakeLlmOptions options)
{
    private readonly ConcurrentQueue<FakeReply> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private long _requestCount;
    private long _sequence;
    private int _latencyMs = options.LatencyMs;

    /// <summary>Fixed delay added to every provider request, in milliseconds.</summary>
    public int LatencyMs
    {
        get => Volatile.Read(ref _latencyMs);
        set => Volatile.Write(ref _latencyMs, Math.Max(0, value));
    }

    /// <summary>Provider requests received since start or the last reset (the log itself is capped).</summary>
    public long RequestCount => Interlocked.Read(ref _requestCount);

    public int PendingReplies => _script.Count;

    /// <summary>The most recent requests, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public void Enqueue(params IEnumerable<FakeReply> replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }
    }

    public bool TryDequeue(out FakeReply reply) => _script.TryDequeue(out reply!);

    /// <summary>Clears the script and the request log and restores the configured latency.</summary>
    public void Reset()
    {
        _script.Clear();
        _requests.Clear();
        Interlocked.Exchange(ref _requestCount, 0);
        LatencyMs = options.LatencyMs;
    }

    internal void Record(RecordedRequest request)
    {
        Interlocked.Increment(ref _requestCount);
        _requests.Enqueue(request);
        // The log is bounded so a long benchmark run does not grow memory without limit.
        while (_requests.Count > options.MaxRecordedRequests && _requests.TryDequeue(out _))
        {
        }
    }

    internal long NextSequence() => Interlocked.Increment(ref _sequence);
}
