using HermesX.IntegrationTests.Observability.Otlp;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Observability;

/// <summary>Instrumentation scopes (ActivitySource names) of the spans a chat request produces.</summary>
public static class SpanScopes
{
    public const string AspNetCore = "Microsoft.AspNetCore";
    public const string OrleansApplication = "Microsoft.Orleans.Application";
    public const string HttpClient = "System.Net.Http";
    public const string Npgsql = "Npgsql";
    public const string Hermes = "HermesX";
    public const string Llm = "HermesX.Llm";
}

/// <summary>Walking a received trace: parents, ancestors, and waiting for the spans to arrive.</summary>
public static class TraceAssertions
{
    /// <summary>Polls until <paramref name="complete"/> holds for the spans of the trace, then returns them.</summary>
    public static async Task<IReadOnlyList<ReceivedSpan>> WaitForTraceAsync(this OtlpReceiver otlp, string traceId, Func<IReadOnlyList<ReceivedSpan>, bool> complete)
    {
        IReadOnlyList<ReceivedSpan> spans = [];
        try
        {
            await ApiHelpers.PollAsync(() => Task.FromResult(complete(spans = otlp.Trace(traceId))), TimeSpan.FromSeconds(30), $"trace {traceId}");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; received:\n{string.Join("\n", spans)}", e);
        }
        return spans;
    }

    /// <summary>The span's parent, grandparent, ... as far as they were received.</summary>
    public static IEnumerable<ReceivedSpan> Ancestors(this IReadOnlyList<ReceivedSpan> trace, ReceivedSpan span)
    {
        var byId = trace.ToDictionary(s => s.SpanId);
        for (var s = span; !s.IsRoot && byId.TryGetValue(s.ParentSpanId, out var parent); s = parent)
        {
            yield return parent;
        }
    }

    public static bool HasAncestor(this IReadOnlyList<ReceivedSpan> trace, ReceivedSpan span, Func<ReceivedSpan, bool> match) =>
        trace.Ancestors(span).Any(match);
}
