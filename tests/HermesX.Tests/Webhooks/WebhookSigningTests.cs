using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HermesX.Grains.Webhooks;
using StandardWebhooks;
using Xunit;

namespace HermesX.Tests.Webhooks;

public sealed class WebhookSigningTests
{
    [Fact]
    public void TheSignatureIsHmacSha256OfIdTimestampAndBodyKeyedByTheDecodedSecret()
    {
        var secret = WebhookStore.NewSecret();
        var at = DateTimeOffset.FromUnixTimeSeconds(1_765_000_000);
        const string id = "msg_0123";
        const string body = """{"type":"response.completed","timestamp":"2025-12-06T05:46:40Z","data":{"id":"resp_1"}}""";

        var signature = new StandardWebhook(secret).Sign(id, at, body);

        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.1765000000.{body}")));
        Assert.Equal(expected, signature);
    }

    [Fact]
    public void TheBodyCarriesTypeTimestampAndData()
    {
        var data = JsonDocument.Parse("""{"id":"resp_1","status":"completed"}""").RootElement;
        var body = JsonDocument.Parse(WebhookOutbox.Body("response.completed", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), data)).RootElement;
        Assert.Equal("response.completed", body.GetProperty("type").GetString());
        Assert.Equal("2026-01-02T03:04:05Z", body.GetProperty("timestamp").GetString());
        Assert.Equal("resp_1", body.GetProperty("data").GetProperty("id").GetString());
    }

    [Theory]
    [InlineData(1, 0.0, 500)]
    [InlineData(1, 1.0, 1000)]
    [InlineData(3, 1.0, 4000)]
    [InlineData(40, 1.0, 3_600_000)]
    [InlineData(40, 0.0, 1_800_000)]
    public void RetriesBackOffExponentiallyWithJitterUpToTheCap(int attempt, double random, double expectedMs) =>
        Assert.Equal(expectedMs, WebhookRetry.Delay(attempt, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), random).TotalMilliseconds, 3);
}
