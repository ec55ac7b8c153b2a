using HermesX.Grains.Store;
using Npgsql;

namespace HermesX.Tests.Configuration;

public sealed class PostgresUrlTests
{
    [Fact]
    public void UrlFormBecomesAConnectionString()
    {
        var cs = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString(
            "postgres://hermes:p%40ss@db.internal:6543/hermes?sslmode=require&application_name=hx"));
        Assert.Equal("db.internal", cs.Host);
        Assert.Equal(6543, cs.Port);
        Assert.Equal("hermes", cs.Database);
        Assert.Equal("hermes", cs.Username);
        Assert.Equal("p@ss", cs.Password);
        Assert.Equal(SslMode.Require, cs.SslMode);
        Assert.Equal("hx", cs.ApplicationName);
    }

    [Fact]
    public void DefaultPortAndPostgresqlSchemeAreAccepted()
    {
        var cs = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString("postgresql://u@localhost/db?sslmode=disable"));
        Assert.Equal(5432, cs.Port);
        Assert.Equal(SslMode.Disable, cs.SslMode);
    }

    [Fact]
    public void PlainConnectionStringsPassThrough()
    {
        var cs = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString("Host=h;Database=d;Username=u"));
        Assert.Equal("h", cs.Host);
    }

    [Theory]
    [InlineData("")]
    [InlineData("postgres://")]
    [InlineData("postgres://u:p@h:5432/")]
    [InlineData("postgres://u:topsecret@h/db?sslmode=sometimes")]
    [InlineData("mysql://u:p@h/db")]
    public void MalformedValuesFailWithoutEchoingSecrets(string value)
    {
        var e = Assert.Throws<FormatException>(() => PostgresUrl.ToConnectionString(value));
        Assert.DoesNotContain("topsecret", e.Message);
    }
}
