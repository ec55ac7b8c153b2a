using HermesX.IntegrationTests.Chat;
using HermesX.IntegrationTests.Observability.Otlp;

namespace HermesX.IntegrationTests.Observability;

/// <summary>
/// One silo with a fake LLM that exports traces and metrics to an in-process OTLP receiver over
/// gRPC, configured as a deployment would: a bare host:port endpoint with OTEL_EXPORTER_OTLP_INSECURE.
/// </summary>
public sealed class ObservabilityFixture : IAsyncLifetime
{
    public OtlpReceiver Otlp { get; private set; } = null!;
    public ChatCluster Chat { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Otlp = await OtlpReceiver.StartAsync();
        Chat = await ChatCluster.StartAsync(1, new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"127.0.0.1:{Otlp.GrpcPort}",
            ["OTEL_EXPORTER_OTLP_INSECURE"] = "true",
            // Short export intervals keep the tests' polling short; what is exported is the same.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
        });
    }

    public async Task DisposeAsync()
    {
        await Chat.DisposeAsync();
        await Otlp.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ObservabilityCollection : ICollectionFixture<ObservabilityFixture>
{
    public const string Name = "observability";
}
