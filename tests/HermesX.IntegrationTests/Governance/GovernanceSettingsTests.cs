using System.Security.Cryptography;
using HermesX.Frontend.Gate;
using HermesX.Silo.Configuration;
using Microsoft.Extensions.Configuration;

namespace HermesX.IntegrationTests.Governance;

/// <summary>REDIS_URL, HERMES_KEY_RATE_LIMIT_RPM and HERMES_JWT_* are read and checked at start-up.</summary>
public sealed class GovernanceSettingsTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef";

    private static readonly (string, string?)[] Required =
        [("DATABASE_URL", "postgres://u:p@h:5432/db"), ("HERMES_ACP_TOKEN", "token")];

    private static readonly (string, string?)[] Jwt =
        [("HERMES_JWT_ISSUER", "https://idp"), ("HERMES_JWT_AUDIENCE", "hermesx")];

    private static IConfiguration Env(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void DefaultsLeaveJwtOffAndLimitEachKeyTo600PerMinute()
    {
        var o = SettingsLoader.Load(Env(Required));
        Assert.False(o.JwtEnabled);
        Assert.Null(o.RedisUrl);
        Assert.Equal(600, o.KeyRateLimitRpm);
        foreach (var name in new[] { "REDIS_URL", "HERMES_KEY_RATE_LIMIT_RPM", "HERMES_JWT_ISSUER", "HERMES_JWT_AUDIENCE",
                     "HERMES_JWT_HS256_SECRET", "HERMES_JWT_RS256_PUBLIC_KEY", "HERMES_JWT_JWKS_URL" })
        {
            Assert.Contains(name, EnvironmentVariableNames.All);
        }
    }

    [Fact]
    public void JwtAndRateLimitSettingsAreRead()
    {
        using var rsa = RSA.Create(2048);
        var o = SettingsLoader.Load(Env([.. Required, .. Jwt, ("HERMES_JWT_HS256_SECRET", Secret),
            ("HERMES_JWT_RS256_PUBLIC_KEY", rsa.ExportSubjectPublicKeyInfoPem().Replace("\n", "\\n")),
            ("HERMES_JWT_JWKS_URL", "http://idp.local/jwks.json"), ("HERMES_KEY_RATE_LIMIT_RPM", "0"), ("REDIS_URL", "redis://:pw@cache:6380/2")]));
        Assert.True(o.JwtEnabled);
        Assert.Equal("https://idp", o.JwtIssuer);
        Assert.Equal(0, o.KeyRateLimitRpm);
        var redis = RedisUrl.Parse(o.RedisUrl!);
        Assert.Equal("pw", redis.Password);
        Assert.Equal(2, redis.DefaultDatabase);
        Assert.Equal("cache:6380", redis.EndPoints.Single().ToString()!.Replace("Unspecified/", ""));
    }

    [Fact]
    public void ErasureAndRetentionDefaultToThirtyDaysGraceAYearOfAuditAndHourlyMaintenance()
    {
        var defaults = SettingsLoader.Load(Env(Required)).Governance;
        Assert.Equal(30, defaults.GdprGraceDays);
        Assert.Equal(365, defaults.AuditRetentionDays);
        Assert.Equal(TimeSpan.FromHours(1), defaults.MaintenanceInterval);

        var set = SettingsLoader.Load(Env([.. Required, ("HERMES_GDPR_GRACE_DAYS", "0"), ("HERMES_AUDIT_RETENTION_DAYS", "90"),
            ("HERMES_MAINTENANCE_INTERVAL_MINUTES", "5")])).Governance;
        Assert.Equal(0, set.GdprGraceDays);
        Assert.Equal(90, set.AuditRetentionDays);
        Assert.Equal(TimeSpan.FromMinutes(5), set.MaintenanceInterval);

        // Zero retention or a zero interval would be a mistake, not a choice.
        Assert.Equal("HERMES_AUDIT_RETENTION_DAYS", Assert.Throws<SettingsException>(() =>
            SettingsLoader.Load(Env([.. Required, ("HERMES_AUDIT_RETENTION_DAYS", "0")]))).Variable);
        Assert.Equal("HERMES_MAINTENANCE_INTERVAL_MINUTES", Assert.Throws<SettingsException>(() =>
            SettingsLoader.Load(Env([.. Required, ("HERMES_MAINTENANCE_INTERVAL_MINUTES", "0")]))).Variable);
    }

    [Theory]
    [InlineData("HERMES_GDPR_GRACE_DAYS", "-1")]
    [InlineData("HERMES_GDPR_GRACE_DAYS", "a month")]
    [InlineData("HERMES_AUDIT_RETENTION_DAYS", "-7")]
    [InlineData("HERMES_MAINTENANCE_INTERVAL_MINUTES", "hourly")]
    [InlineData("HERMES_JWT_RS256_PUBLIC_KEY", "-----BEGIN PUBLIC KEY-----\nnot base64 at all\n-----END PUBLIC KEY-----")]
    [InlineData("HERMES_JWT_RS256_PUBLIC_KEY", "just some text")]
    [InlineData("HERMES_JWT_RS256_PUBLIC_KEY", "private")]
    [InlineData("HERMES_JWT_RS256_PUBLIC_KEY", "short")]
    [InlineData("HERMES_JWT_HS256_SECRET", "too-short")]
    [InlineData("HERMES_JWT_JWKS_URL", "not a url")]
    [InlineData("HERMES_JWT_JWKS_URL", "ftp://idp/jwks")]
    [InlineData("REDIS_URL", "http://cache:6379")]
    [InlineData("REDIS_URL", "redis://cache:6379/notanumber")]
    [InlineData("HERMES_KEY_RATE_LIMIT_RPM", "-1")]
    [InlineData("HERMES_KEY_RATE_LIMIT_RPM", "many")]
    public void BadValuesNameTheVariable(string name, string value)
    {
        value = value switch
        {
            "private" => PrivateKeyPem(),
            "short" => ShortKeyPem(),
            _ => value,
        };
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(Env([.. Required, .. Jwt, (name, value)])));
        Assert.Equal(name, e.Variable);
        Assert.StartsWith(name, e.Message);
        Assert.DoesNotContain(value, e.Message);
    }

    [Theory]
    [InlineData("HERMES_JWT_ISSUER")]
    [InlineData("HERMES_JWT_AUDIENCE")]
    public void AJwtKeyWithoutIssuerOrAudienceIsRefused(string missing)
    {
        var values = Jwt.Where(j => j.Item1 != missing).Append(("HERMES_JWT_HS256_SECRET", Secret));
        Assert.Equal(missing, Assert.Throws<SettingsException>(() => SettingsLoader.Load(Env([.. Required, .. values]))).Variable);
    }

    [Fact]
    public void ProductionDemandsAnHttpsJwksUrl()
    {
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(Env([("DATABASE_URL", "postgres://u:p@h/db"),
            ("HERMES_ACP_TOKEN", new string('x', 32)), ("HERMES_ENV", "production"), .. Jwt, ("HERMES_JWT_JWKS_URL", "http://idp/jwks")])));
        Assert.Equal("HERMES_JWT_JWKS_URL", e.Variable);
    }

    private static string PrivateKeyPem()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportRSAPrivateKeyPem();
    }

    private static string ShortKeyPem()
    {
        using var rsa = RSA.Create(1024);
        return rsa.ExportSubjectPublicKeyInfoPem();
    }
}
