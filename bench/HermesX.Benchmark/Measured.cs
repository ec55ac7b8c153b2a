using System.Globalization;
using System.Text.RegularExpressions;

namespace HermesX.Benchmark;

/// <summary>The silo's own allocation and GC counts, read from its Prometheus text (the runtime's System.Runtime meter).</summary>
public sealed partial class SiloRuntime(HttpClient silo)
{
    public sealed record Reading(double AllocatedBytes, double Collections, double JitCompiledMethods);

    public async Task<Reading?> ReadAsync()
    {
        var text = await silo.GetStringAsync("/v1/metrics");
        var allocated = Sum(AllocatedLine(), text);
        var collections = Sum(CollectionsLine(), text);
        return allocated is null || collections is null ? null : new Reading(allocated.Value, collections.Value, Sum(JitLine(), text) ?? 0);
    }

    private static double? Sum(Regex line, string text)
    {
        var matches = line.Matches(text);
        return matches.Count == 0 ? null : matches.Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^system_runtime_dotnet_gc_heap_total_allocated(?:\{[^}]*\})? ([0-9.eE+-]+)$", RegexOptions.Multiline)]
    private static partial Regex AllocatedLine();

    [GeneratedRegex(@"^system_runtime_dotnet_jit_compiled_methods(?:_total)?(?:\{[^}]*\})? ([0-9.eE+-]+)$", RegexOptions.Multiline)]
    private static partial Regex JitLine();

    [GeneratedRegex(@"^system_runtime_dotnet_gc_collections(?:\{[^}]*\})? ([0-9.eE+-]+)$", RegexOptions.Multiline)]
    private static partial Regex CollectionsLine();
}

/// <summary>One timed run with the CPU its processes used and, for HermesX, the silo's allocations.</summary>
public sealed record Measured(LoadResult Load, IReadOnlyDictionary<string, double> CpuMicroseconds, SiloRuntime.Reading? Before, SiloRuntime.Reading? After)
{
    private double Requests => Math.Max(1, Load.Ok + Load.Failed);

    /// <summary>CPU µs of the named process per request of the run; null when it was not measured.</summary>
    public double? CpuPerRequest(string process) => CpuMicroseconds.TryGetValue(process, out var us) ? us / Requests : null;

    public double? AllocatedBytesPerRequest => Before is { } b && After is { } a ? (a.AllocatedBytes - b.AllocatedBytes) / Requests : null;

    public double? GcsPerRequest => Before is { } b && After is { } a ? (a.Collections - b.Collections) / Requests : null;

    /// <summary>Methods the silo's JIT compiled during the run: near zero once tiered compilation has settled.</summary>
    public double? JitCompiledMethods => Before is { } b && After is { } a ? a.JitCompiledMethods - b.JitCompiledMethods : null;
}
