using HermesX.Silo.Configuration;
using Microsoft.Extensions.Configuration;

namespace HermesX.IntegrationTests.Observability;

/// <summary>How the OTEL_* variables become export settings.</summary>
public sealed class OtlpSettingsTests
{
    private static readonly (string, string?)[] Required =
        [("DATABASE_URL", "postgres://u:p@h:5432/db"), ("HERMES_ACP_TOKEN", "token")];

    private static Grains.Abstractions.Configuration.HermesOptions Load(params (string Key, string? Value)[] values) =>
        SettingsLoader.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(Required.Concat(values).Select(v => new KeyValuePair<string, string?>(v.Item1, v.Item2)))
            .Build());

    [Fact]
    public void WithoutAnEndpointNothingIsExportedAndTheServiceIsCalledHermesx()
    {
        var o = Load();
        Assert.Null(o.OtlpEndpoint);
        Assert.Equal("grpc", o.OtlpProtocol);
        Assert.Equal("hermesx", o.ServiceName);
    }

    [Theory]
    [InlineData("http://otel-collector:4317", null, "http://otel-collector:4317/")]
    [InlineData("https://collector.example:4317", null, "https://collector.example:4317/")]
    [InlineData("otel-collector:4317", null, "https://otel-collector:4317/")]
    [InlineData("otel-collector:4317", "true", "http://otel-collector:4317/")]
    [InlineData("https://collector.example:4317", "true", "http://collector.example:4317/")]
    [InlineData("http://otel-collector:4318/otlp", "false", "http://otel-collector:4318/otlp")]
    public void InsecureMeansPlainHttpAsInTheOtherSdks(string endpoint, string? insecure, string expected)
    {
        var o = Load(("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint), ("OTEL_EXPORTER_OTLP_INSECURE", insecure));
        Assert.Equal(expected, o.OtlpEndpoint!.AbsoluteUri);
    }

    [Fact]
    public void ProtocolAndServiceNameAreRead()
    {
        var o = Load(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"), ("OTEL_SERVICE_NAME", "hermesx-eu"));
        Assert.Equal("http/protobuf", o.OtlpProtocol);
        Assert.Equal("hermesx-eu", o.ServiceName);
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://collector:21")]
    [InlineData("OTEL_EXPORTER_OTLP_INSECURE", "sometimes")]
    public void BadValuesNameTheVariable(string name, string value)
    {
        var values = name == "OTEL_EXPORTER_OTLP_INSECURE"
            ? new[] { ("OTEL_EXPORTER_OTLP_ENDPOINT", (string?)"c:4317"), (name, (string?)value) }
            : [(name, value)];
        var e = Assert.Throws<SettingsException>(() => Load(values));
        Assert.Equal(name, e.Variable);
    }
}
