using HermesX.Silo.Configuration;
using Microsoft.Extensions.Configuration;

namespace HermesX.Tests.Configuration;

public sealed class SettingsLoaderTests
{
    private static IConfiguration Env(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static readonly (string, string?)[] Required =
        [("DATABASE_URL", "postgres://u:p@h:5432/db"), ("HERMES_ACP_TOKEN", "token")];

    [Fact]
    public void DefaultsMatchTheDocumentedValues()
    {
        var o = SettingsLoader.Load(Env(Required));
        Assert.Equal(8080, o.SaasApiPort);
        Assert.Equal(8081, o.ApiPort);
        Assert.Equal(11111, o.SiloPort);
        Assert.Equal(30000, o.GatewayPort);
        Assert.Equal(20, o.MaxIterations);
        Assert.Equal(4096, o.MaxTokens);
        Assert.Equal(Environment.MachineName, o.InstanceId);
        Assert.Equal(TimeSpan.FromSeconds(5), o.ShutdownDrain);
        Assert.False(o.IsProduction);
    }

    [Fact]
    public void EnvironmentOverridesAreRead()
    {
        var o = SettingsLoader.Load(Env([.. Required, ("SAAS_API_PORT", "9000"), ("HERMES_INSTANCE_ID", "pod-7"), ("POD_IP", "10.1.2.3"),
            ("ORLEANS_CLUSTER_ID", "c1"), ("HERMES_MAX_ITERATIONS", "5"), ("SAAS_ALLOWED_ORIGINS", "https://a, https://b"), ("HERMES_DEBUG", "true"),
            ("HERMES_SHUTDOWN_DRAIN_SECONDS", "12")]));
        Assert.Equal(TimeSpan.FromSeconds(12), o.ShutdownDrain);
        Assert.Equal(9000, o.SaasApiPort);
        Assert.Equal("pod-7", o.InstanceId);
        Assert.Equal("10.1.2.3", o.AdvertisedIp);
        Assert.Equal("c1", o.ClusterId);
        Assert.Equal(5, o.MaxIterations);
        Assert.Equal(["https://a", "https://b"], o.AllowedOrigins);
        Assert.True(o.Debug);
    }

    [Theory]
    [InlineData("DATABASE_URL", null)]
    [InlineData("DATABASE_URL", "nonsense")]
    [InlineData("HERMES_ACP_TOKEN", "")]
    [InlineData("SAAS_API_PORT", "eighty")]
    [InlineData("SAAS_API_PORT", "70000")]
    [InlineData("POD_IP", "not-an-ip")]
    [InlineData("HERMES_DEBUG", "maybe")]
    [InlineData("HERMES_MAX_ITERATIONS", "0")]
    [InlineData("HERMES_SHUTDOWN_DRAIN_SECONDS", "301")]
    [InlineData("HERMES_SHUTDOWN_DRAIN_SECONDS", "soon")]
    public void BadValuesNameTheVariable(string name, string? value)
    {
        var values = Required.Where(r => r.Item1 != name).Append((name, value)).ToArray();
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(Env(values)));
        Assert.Equal(name, e.Variable);
        Assert.StartsWith(name, e.Message);
    }

    [Fact]
    public void ProductionDemandsStrongTokenAndExplicitOrigins()
    {
        Assert.Equal("HERMES_ACP_TOKEN", Assert.Throws<SettingsException>(() =>
            SettingsLoader.Load(Env([.. Required, ("HERMES_ENV", "production")]))).Variable);
        Assert.Equal("SAAS_ALLOWED_ORIGINS", Assert.Throws<SettingsException>(() =>
            SettingsLoader.Load(Env(("DATABASE_URL", "postgres://u:p@h/db"), ("HERMES_ACP_TOKEN", new string('x', 32)),
                ("HERMES_ENV", "production"), ("SAAS_ALLOWED_ORIGINS", "*")))).Variable);
    }

    [Fact]
    public void EveryVariableReadIsInTheDocumentedList()
    {
        foreach (var name in new[] { "DATABASE_URL", "HERMES_ACP_TOKEN", "SAAS_API_PORT", "HERMES_API_PORT", "ORLEANS_SILO_PORT",
                     "ORLEANS_GATEWAY_PORT", "POD_IP", "HERMES_INSTANCE_ID", "SAAS_ALLOWED_ORIGINS", "HERMES_MAX_BODY_BYTES" })
        {
            Assert.Contains(name, EnvironmentVariableNames.All);
        }
    }
}
