using HermesX.IntegrationTests.Chat;
using HermesX.IntegrationTests.Observability.Otlp;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Observability;

/// <summary>
/// One silo with a fake LLM that exports traces and metrics to an in-process OTLP receiver; the
/// subclasses say over which protocol, as a deployment would configure it.
/// </summary>
public abstract class OtlpExportFixture : IAsyncLifetime
{
    public OtlpReceiver Otlp { get; private set; } = null!;
    public ChatCluster Chat { get; private set; } = null!;
    public HermesCluster Cluster => Chat.Cluster;

    /// <summary>The exporter's settings for <paramref name="otlp"/>.</summary>
    protected abstract Dictionary<string, string> Exporter(OtlpReceiver otlp);

    public async Task InitializeAsync()
    {
        Otlp = await OtlpReceiver.StartAsync();
        var environment = Exporter(Otlp);
        // Short export intervals keep the tests' polling short; what is exported is the same.
        environment["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        environment["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        Chat = await ChatCluster.StartAsync(1, environment);
    }

    public async Task DisposeAsync()
    {
        await Chat.DisposeAsync();
        await Otlp.DisposeAsync();
    }
}

/// <summary>OTLP over gRPC with a bare host:port endpoint and OTEL_EXPORTER_OTLP_INSECURE, as the deployment guide sets it.</summary>
public sealed class ObservabilityFixture : OtlpExportFixture
{
    protected override Dictionary<string, string> Exporter(OtlpReceiver otlp) => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"127.0.0.1:{otlp.GrpcPort}",
        ["OTEL_EXPORTER_OTLP_INSECURE"] = "true",
        // The dashboard's tests run on this silo; it is off unless asked for.
        ["HERMES_DASHBOARD_ENABLED"] = "true",
    };
}

/// <summary>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf (the collector's 4318 side), with HERMES_DEBUG logging.</summary>
public sealed class OtlpHttpFixture : OtlpExportFixture
{
    protected override Dictionary<string, string> Exporter(OtlpReceiver otlp) => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{otlp.HttpPort}",
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_SERVICE_NAME"] = "hermesx-http",
        ["HERMES_DEBUG"] = "true",
    };
}

[CollectionDefinition(Name)]
public sealed class ObservabilityCollection : ICollectionFixture<ObservabilityFixture>
{
    public const string Name = "observability";
}
