using System.Diagnostics.Metrics;
using HermesX.Grains.Abstractions.Diagnostics;
using Prometheus;

namespace HermesX.Frontend.Observability;

/// <summary>
/// Exports <see cref="HermesMeter"/>'s measurements as the Prometheus metrics of the deployment
/// guide (same names, kinds and labels), and the other meters' observable instruments (runtime,
/// Orleans, Npgsql gauges) read at scrape time. Their per-event instruments (a counter per grain
/// message, a histogram per command) are left to OpenTelemetry: turning each event into a
/// Prometheus series on the request path cost more than the request's own metrics.
/// </summary>
public sealed class PrometheusExport : IDisposable
{
    private static readonly Lazy<PrometheusExport> Process = new(() => new PrometheusExport());

    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, Sink> _sinks;

    static PrometheusExport()
    {
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true });
        Metrics.ConfigureMeterAdapter(o => o.InstrumentFilterPredicate = i => i.Meter.Name != HermesMeter.Name && i.IsObservable);
    }

    private PrometheusExport()
    {
        var factory = Metrics.WithCustomRegistry(Metrics.DefaultRegistry);
        _sinks = HermesMeter.All.ToDictionary(d => d.Name, d => Sink.For(factory, d), StringComparer.Ordinal);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == HermesMeter.Name && _sinks.TryGetValue(instrument.Name, out var sink))
            {
                listener.EnableMeasurementEvents(instrument, sink);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((Sink)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((Sink)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Starts the export once per process (several hosts in one process share the default registry).</summary>
    public static PrometheusExport Start() => Process.Value;

    public void Dispose() => _listener.Dispose();

    /// <summary>One Prometheus metric and its label names in the order Prometheus has them.</summary>
    private abstract class Sink(string[] labels)
    {
        [ThreadStatic]
        private static string[]? t_values;

        public static Sink For(IMetricFactory f, MetricDefinition d) => d.Kind switch
        {
            MetricKind.Counter => new CounterSink(f.CreateCounter(d.Name, d.Help, d.Labels), d.Labels),
            MetricKind.Histogram => new HistogramSink(f.CreateHistogram(d.Name, d.Help,
                new HistogramConfiguration { LabelNames = d.Labels, Buckets = HermesMeter.LatencyBuckets }), d.Labels),
            _ => new GaugeSink(f.CreateGauge(d.Name, d.Help, d.Labels), d.Labels),
        };

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var values = t_values ??= new string[8];
            for (var i = 0; i < labels.Length; i++)
            {
                values[i] = "";
                foreach (var tag in tags)
                {
                    if (string.Equals(tag.Key, labels[i], StringComparison.Ordinal))
                    {
                        values[i] = tag.Value as string ?? "";
                        break;
                    }
                }
            }
            Record(value, values.AsSpan(0, labels.Length));
        }

        protected abstract void Record(double value, ReadOnlySpan<string> labelValues);
    }

    private sealed class CounterSink(Counter counter, string[] labels) : Sink(labels)
    {
        protected override void Record(double value, ReadOnlySpan<string> labelValues) => counter.WithLabels(labelValues).Inc(value);
    }

    private sealed class HistogramSink(Histogram histogram, string[] labels) : Sink(labels)
    {
        protected override void Record(double value, ReadOnlySpan<string> labelValues) => histogram.WithLabels(labelValues).Observe(value);
    }

    /// <summary>Gauges are fed up-down counters: each measurement moves the value.</summary>
    private sealed class GaugeSink(Gauge gauge, string[] labels) : Sink(labels)
    {
        protected override void Record(double value, ReadOnlySpan<string> labelValues)
        {
            if (labelValues.IsEmpty)
            {
                gauge.Inc(value);
            }
            else
            {
                gauge.WithLabels(labelValues).Inc(value);
            }
        }
    }
}
