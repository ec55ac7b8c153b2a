using System.Reflection;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Llm;
using HermesX.Silo.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HermesX.Tests.Configuration;

/// <summary>The options classes are the one settings model: their initializers are the defaults, the binder reads them, start-up checks them.</summary>
public sealed class SettingsModelTests
{
    private static readonly (string, string?)[] Required =
        [("DATABASE_URL", "postgres://u:p@h:5432/db"), ("HERMES_ACP_TOKEN", "token")];

    private static IConfiguration Env(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static IEnumerable<(object Read, object Fresh, PropertyInfo Property, string Variable)> Bound(HermesOptions read)
    {
        var fresh = new HermesOptions();
        foreach (var (r, f) in new (object, object)[] { (read, fresh), (read.ObjectStore, fresh.ObjectStore), (read.Governance, fresh.Governance), (read.GroupCommit, fresh.GroupCommit) })
        {
            foreach (var p in r.GetType().GetProperties())
            {
                if (p.GetCustomAttribute<ConfigurationKeyNameAttribute>() is { } key)
                {
                    yield return (r, f, p, key.Name);
                }
            }
        }
    }

    [Fact]
    public void AnUnsetOrBlankVariableLeavesTheInitializersDefault()
    {
        var unset = SettingsLoader.Load(Env(Required));
        var blank = SettingsLoader.Load(Env([.. Required, .. Bound(unset).Select(b => b.Variable).Except(["DATABASE_URL", "HERMES_ACP_TOKEN"])
            .Select(v => (v, (string?)"  "))]));
        var checkedSettings = 0;
        foreach (var (read, fresh, property, variable) in Bound(unset).Concat(Bound(blank)))
        {
            if (variable is "DATABASE_URL" or "HERMES_ACP_TOKEN")
            {
                continue;
            }
            Assert.True(Equals(property.GetValue(fresh), property.GetValue(read)), $"{variable} does not default to its initializer");
            checkedSettings++;
        }
        Assert.True(checkedSettings > 80, $"only {checkedSettings} settings compared");
        Assert.Equal(TimeSpan.FromSeconds(5), unset.ShutdownDrain);
        Assert.Equal(TimeSpan.FromHours(1), unset.Governance.MaintenanceInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(1), unset.GroupCommit.Linger);
    }

    [Fact]
    public void EveryBoundVariableIsInTheDocumentedList()
    {
        var llm = typeof(LlmOptions).GetProperties().Select(p => p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name).OfType<string>();
        foreach (var variable in Bound(new HermesOptions()).Select(b => b.Variable).Concat(llm))
        {
            Assert.Contains(variable, EnvironmentVariableNames.All);
        }
    }

    [Theory]
    [InlineData("SAAS_API_PORT", "abc", "SAAS_API_PORT must be an integer between 0 and 65535")]
    [InlineData("SAAS_API_PORT", "70000", "SAAS_API_PORT must be an integer between 0 and 65535")]
    [InlineData("HERMES_MAX_ITERATIONS", "99999999999", "HERMES_MAX_ITERATIONS must be an integer between 1 and 1000")]
    [InlineData("HERMES_MAX_BODY_BYTES", "99999999999999999999", "HERMES_MAX_BODY_BYTES must be an integer between 1024 and 268435456")]
    [InlineData("HERMES_MAX_BODY_BYTES", "512", "HERMES_MAX_BODY_BYTES must be an integer between 1024 and 268435456")]
    [InlineData("HERMES_SHUTDOWN_DRAIN_SECONDS", "1.5", "HERMES_SHUTDOWN_DRAIN_SECONDS must be an integer between 0 and 300")]
    [InlineData("HERMES_GROUP_COMMIT_LINGER_US", "100001", "HERMES_GROUP_COMMIT_LINGER_US must be an integer between 0 and 100000")]
    [InlineData("HERMES_METRICS_ENABLED", "enabled", "HERMES_METRICS_ENABLED must be true or false")]
    [InlineData("MINIO_USE_SSL", "tls", "MINIO_USE_SSL must be true or false")]
    public void AValueTheBinderCannotReadOrTheRangeRefusesIsOneLineNamingTheVariable(string variable, string value, string line)
    {
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(Env([.. Required, (variable, value)])));
        Assert.Equal(line, e.Message);
        Assert.Equal(variable, e.Variable);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("yes", true)]
    [InlineData(" On ", true)]
    [InlineData("TRUE", true)]
    [InlineData("0", false)]
    [InlineData("no", false)]
    [InlineData("off", false)]
    public void SwitchesReadTheUsualWords(string value, bool expected)
    {
        var o = SettingsLoader.Load(Env([.. Required, ("HERMES_DEBUG", value), ("HERMES_METRICS_ENABLED", value), ("MINIO_USE_SSL", value)]));
        Assert.Equal(expected, o.Debug);
        Assert.Equal(expected, o.MetricsEnabled);
        Assert.Equal(expected, o.ObjectStore.UseSsl);
    }

    [Fact]
    public void DerivedSettingsFollowTheirVariables()
    {
        var o = SettingsLoader.Load(Env([.. Required, ("HERMES_GROUP_COMMIT_LINGER_US", "250"), ("HERMES_MAINTENANCE_INTERVAL_MINUTES", "15"),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "HTTP/Protobuf"), ("HERMES_MAX_BODY_BYTES", " 2048 ")]));
        Assert.Equal(TimeSpan.FromMicroseconds(250), o.GroupCommit.Linger);
        Assert.Equal(TimeSpan.FromMinutes(15), o.Governance.MaintenanceInterval);
        Assert.Equal("http/protobuf", o.OtlpProtocol);
        Assert.Equal(2048, o.MaxBodyBytes);
        Assert.Equal(HermesX.Grains.Store.PostgresUrl.ToConnectionString("postgres://u:p@h:5432/db"), o.ConnectionString);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("70000")]
    public async Task ValidateOnStartStopsTheHostWithTheSameLine(string port)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddHermesSettings(Env([.. Required, ("SAAS_API_PORT", port)]));
        using var host = builder.Build();
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Equal("SAAS_API_PORT must be an integer between 0 and 65535", e.Message);
        Assert.DoesNotContain(port, e.Message);
    }

    [Fact]
    public void TheHostsInstanceIsTheValidatedOptions()
    {
        var services = new ServiceCollection().AddHermesSettings(Env([.. Required, ("ORLEANS_CLUSTER_ID", "eu")]));
        using var provider = services.BuildServiceProvider();
        Assert.Same(provider.GetRequiredService<IOptions<HermesOptions>>().Value, provider.GetRequiredService<HermesOptions>());
        Assert.Equal("eu", provider.GetRequiredService<HermesOptions>().ClusterId);
    }
}
