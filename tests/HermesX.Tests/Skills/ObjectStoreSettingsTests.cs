using HermesX.Grains.Skills;
using HermesX.Silo.Configuration;
using Microsoft.Extensions.Configuration;
using HermesX.Grains.Abstractions.Configuration;

namespace HermesX.Tests.Skills;

public sealed class ObjectStoreSettingsTests
{
    private static IConfiguration Env(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(
            values.Append(("DATABASE_URL", "postgres://u:p@h:5432/db")).Append(("HERMES_ACP_TOKEN", "token"))
                .Select(v => new KeyValuePair<string, string?>(v.Item1, v.Item2))).Build();

    [Fact]
    public void WithoutAnEndpointSkillsLiveInALocalDirectory()
    {
        var o = SettingsLoader.Load(Env()).ObjectStore;
        Assert.False(o.UsesS3);
        Assert.Equal(ObjectStoreOptions.DefaultLocalDirectory(), o.LocalDirectory);
        Assert.EndsWith(Path.Combine("hermesx", "skills"), o.LocalDirectory);
        Assert.Equal("/srv/skills", SettingsLoader.Load(Env(("HERMES_SKILLS_DIR", "/srv/skills"))).ObjectStore.LocalDirectory);
    }

    [Fact]
    public void MinioSettingsAreReadWithTheirDefaults()
    {
        var o = SettingsLoader.Load(Env(("MINIO_ENDPOINT", "minio:9000"), ("MINIO_ACCESS_KEY", "ak"), ("MINIO_SECRET_KEY", "sk"))).ObjectStore;
        Assert.True(o.UsesS3);
        Assert.Equal("minio:9000", o.Endpoint);
        Assert.Equal("hermes-skills", o.Bucket);
        Assert.False(o.UseSsl);
        var custom = SettingsLoader.Load(Env(("MINIO_ENDPOINT", "s3.example.com"), ("MINIO_ACCESS_KEY", "ak"), ("MINIO_SECRET_KEY", "sk"),
            ("MINIO_BUCKET", "team.skills"), ("MINIO_USE_SSL", "true"))).ObjectStore;
        Assert.Equal("team.skills", custom.Bucket);
        Assert.True(custom.UseSsl);
    }

    [Theory]
    [InlineData("MINIO_ENDPOINT", "http://minio:9000")]
    [InlineData("MINIO_ENDPOINT", "minio:9000/path")]
    [InlineData("MINIO_ACCESS_KEY", "")]
    [InlineData("MINIO_SECRET_KEY", "")]
    [InlineData("MINIO_BUCKET", "Bad_Bucket")]
    [InlineData("MINIO_BUCKET", "ab")]
    [InlineData("MINIO_USE_SSL", "sometimes")]
    public void BadMinioSettingsNameTheVariable(string name, string value)
    {
        var values = new Dictionary<string, string?>
        {
            ["MINIO_ENDPOINT"] = "minio:9000", ["MINIO_ACCESS_KEY"] = "ak", ["MINIO_SECRET_KEY"] = "sk", [name] = value,
        };
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(Env([.. values.Select(kv => (kv.Key, kv.Value))])));
        Assert.Equal(name, e.Variable);
    }
}
