using HermesX.Grains.Diagnostics;
using HermesX.Grains.Llm;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using HermesX.Grains.Abstractions.Configuration;

namespace HermesX.Silo.Observability;

/// <summary>
/// OpenTelemetry for the whole process, wired in one place. Tracing always runs, so every request
/// has a trace id (response header, receipts, audit rows, logs) that grain calls carry along; spans
/// are recorded and leave the process only when OTEL_EXPORTER_OTLP_ENDPOINT is set, as do the
/// OpenTelemetry metrics. Without it each request still has its trace context (and the turn passes
/// it to its grain explicitly), but no span is made below the request: grain calls, model calls and
/// database statements make none (nothing would read them). The <c>hermes_*</c> metrics are
/// Prometheus metrics, scraped from /v1/metrics.
/// </summary>
public static class HermesTelemetry
{
    /// <summary>Orleans' grain-call sources: application grains, and the runtime's own system targets.</summary>
    public static readonly string[] OrleansSources = ["Microsoft.Orleans.Application", "Microsoft.Orleans.Runtime"];

    /// <summary>Meters exported over OTLP besides ASP.NET Core, HttpClient and Npgsql: Orleans, the .NET runtime, model calls (GenAI conventions).</summary>
    public static readonly string[] Meters = ["Microsoft.Orleans", "System.Runtime", LlmTelemetry.SourceName];

    // Probes, scrapes and dashboard polling are not traced; nor is anything they cause.
    private static readonly string[] UntracedPrefixes = ["/health", "/v1/health", "/metrics", "/v1/metrics", "/dashboard"];

    public static IServiceCollection AddHermesTelemetry(this IServiceCollection services, HermesOptions options, string version)
    {
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceVersion: version, serviceInstanceId: options.InstanceId))
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(o => o.Filter = http => !UntracedPrefixes.Any(p => http.Request.Path.StartsWithSegments(p)));
                if (options.OtlpEndpoint is { } endpoint)
                {
                    tracing.SetSampler(new ParentBasedSampler(new RequestRootSampler()))
                        .AddSource(HermesTracing.SourceName, LlmTelemetry.SourceName)
                        .AddSource(OrleansSources)
                        .AddHttpClientInstrumentation()
                        .AddNpgsql()
                        .AddOtlpExporter(o => Configure(o, options, endpoint, "v1/traces"));
                }
                else
                {
                    // The request's trace context only (its trace id is in the response, the audit row and
                    // the turn's rows, which carry it explicitly): no span below it is made.
                    tracing.SetSampler(new AlwaysOffSampler());
                }
            });
        if (options.OtlpEndpoint is { } metricsEndpoint)
        {
            otel.WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(Meters)
                .AddOtlpExporter(o => Configure(o, options, metricsEndpoint, "v1/metrics")));
        }
        return services;
    }

    /// <summary>
    /// gRPC posts to the endpoint as given; OTLP/HTTP appends the signal's path, as the SDK does for
    /// OTEL_EXPORTER_OTLP_ENDPOINT (setting Endpoint in code would otherwise turn that off).
    /// </summary>
    private static void Configure(OtlpExporterOptions o, HermesOptions options, Uri endpoint, string signalPath)
    {
        if (options.OtlpProtocol == "http/protobuf")
        {
            o.Protocol = OtlpExportProtocol.HttpProtobuf;
            o.Endpoint = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath);
        }
        else
        {
            o.Protocol = OtlpExportProtocol.Grpc;
            o.Endpoint = endpoint;
        }
    }
}
