using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace HermesX.IntegrationTests.Observability.Otlp;

/// <summary>
/// An OTLP collector in the test process, on two loopback ports: OTLP/gRPC (HTTP/2 without TLS, as an
/// insecure collector on 4317) and OTLP/HTTP protobuf (as on 4318). Decodes trace exports into
/// <see cref="Spans"/> and counts metric exports.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private const string GrpcTraceExport = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
    private const string GrpcMetricsExport = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly ConcurrentQueue<byte[]> _metricExports = new();

    private readonly ListenOptions _grpc;
    private readonly ListenOptions _http;

    private OtlpReceiver(WebApplication app, ListenOptions grpc, ListenOptions http)
    {
        _app = app;
        _grpc = grpc;
        _http = http;
    }

    // Kestrel replaces a listener's port 0 with the port it bound.
    public int GrpcPort => _grpc.IPEndPoint!.Port;
    public int HttpPort => _http.IPEndPoint!.Port;
    public IReadOnlyCollection<ReceivedSpan> Spans => _spans;

    /// <summary>Raw OTLP metric export messages received (either protocol).</summary>
    public IReadOnlyCollection<byte[]> MetricExports => _metricExports;

    public static async Task<OtlpReceiver> StartAsync()
    {
        ListenOptions? grpcListener = null, httpListener = null;
        var builder = WebApplication.CreateSlimBuilder();
        // Its request lines on the test host's console would fill the test run's output.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, o => (grpcListener = o).Protocols = HttpProtocols.Http2);
            k.Listen(IPAddress.Loopback, 0, o => (httpListener = o).Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        OtlpReceiver? receiver = null;
        app.MapPost("/v1/traces", async (HttpContext http) => await receiver!.ReceiveAsync(http, grpc: false, traces: true));
        app.MapPost("/v1/metrics", async (HttpContext http) => await receiver!.ReceiveAsync(http, grpc: false, traces: false));
        app.MapPost(GrpcTraceExport, async (HttpContext http) => await receiver!.ReceiveAsync(http, grpc: true, traces: true));
        app.MapPost(GrpcMetricsExport, async (HttpContext http) => await receiver!.ReceiveAsync(http, grpc: true, traces: false));
        await app.StartAsync();
        receiver = new OtlpReceiver(app, grpcListener!, httpListener!);
        return receiver;
    }

    public IReadOnlyList<ReceivedSpan> Trace(string traceId) => _spans.Where(s => s.TraceId == traceId).ToList();

    private async Task ReceiveAsync(HttpContext http, bool grpc, bool traces)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        if (grpc)
        {
            // One length-prefixed message: 1 byte "compressed" flag (the exporter does not compress), 4 bytes length.
            body = body.AsSpan(5, (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1, 4))).ToArray();
        }
        if (traces)
        {
            foreach (var span in Decode(ExportTraceServiceRequest.Parser.ParseFrom(body)))
            {
                _spans.Enqueue(span);
            }
        }
        else
        {
            _metricExports.Enqueue(body);
        }

        // The export responses are empty messages (no partial success to report).
        if (grpc)
        {
            http.Response.ContentType = "application/grpc";
            await http.Response.Body.WriteAsync(new byte[5]);
            http.Response.AppendTrailer("grpc-status", "0");
        }
        else
        {
            http.Response.ContentType = "application/x-protobuf";
        }
    }

    private static IEnumerable<ReceivedSpan> Decode(ExportTraceServiceRequest request)
    {
        foreach (var rs in request.ResourceSpans)
        {
            var resource = Attributes(rs.Resource?.Attributes ?? []);
            foreach (var ss in rs.ScopeSpans)
            {
                foreach (var s in ss.Spans)
                {
                    yield return new ReceivedSpan(Hex(s.TraceId), Hex(s.SpanId), Hex(s.ParentSpanId), s.Name, s.Kind,
                        ss.Scope?.Name ?? "", Attributes(s.Attributes), resource);
                }
            }
        }
    }

    private static Dictionary<string, string> Attributes(IEnumerable<KeyValue> values) =>
        values.GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => Text(g.Last().Value));

    private static string Text(AnyValue? v) => v?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => v.StringValue,
        AnyValue.ValueOneofCase.BoolValue => v.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => v.IntValue.ToString(),
        AnyValue.ValueOneofCase.DoubleValue => v.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "",
    };

    // A root span's parent id may come as absent or as zeros.
    private static string Hex(ByteString bytes) => bytes.Span.IndexOfAnyExcept((byte)0) < 0 ? "" : Convert.ToHexStringLower(bytes.Span);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
