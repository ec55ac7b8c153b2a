using System.Net;
using System.Text.RegularExpressions;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Governance;

/// <summary>Shared checks of the rate-limit contract: headers on every limited answer, and the 429 shape.</summary>
public static class RateLimitAssertions
{
    public static int Header(HttpResponseMessage r, string name)
    {
        Assert.True(r.Headers.TryGetValues(name, out var values), $"{name} header missing on {(int)r.StatusCode}");
        return int.Parse(values.Single());
    }

    /// <summary>A 200 that carries the limit, the remaining count and the reset.</summary>
    public static async Task ExpectAdmittedAsync(HttpResponseMessage r, int limit, int remaining)
    {
        await r.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(limit, Header(r, "X-RateLimit-Limit"));
        Assert.Equal(remaining, Header(r, "X-RateLimit-Remaining"));
        Assert.InRange(Header(r, "X-RateLimit-Reset"), 0, 60);
    }

    /// <summary>A 429 in the JSON error shape naming <paramref name="which"/> ("tenant" or "key"), with Retry-After.</summary>
    public static async Task ExpectRefusedAsync(HttpResponseMessage r, string which, int limit)
    {
        Assert.Equal("rate_limit_exceeded", await r.ExpectErrorAsync(HttpStatusCode.TooManyRequests));
        // The body is buffered, so it can be read again for the fields ExpectErrorAsync does not check.
        var error = (await r.ExpectJsonAsync(HttpStatusCode.TooManyRequests)).GetProperty("error");
        Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
        Assert.Matches(new Regex($"^{(which == "tenant" ? "Tenant" : "API key")} rate limit exceeded"), error.GetProperty("message").GetString()!);
        Assert.InRange(int.Parse(r.Headers.GetValues("Retry-After").Single()), 1, 60);
        Assert.Equal(limit, Header(r, "X-RateLimit-Limit"));
        Assert.Equal(0, Header(r, "X-RateLimit-Remaining"));
        Assert.InRange(Header(r, "X-RateLimit-Reset"), 1, 60);
    }

    /// <summary>hermes_rate_limit_rejected_total for one tenant as the silo exports it (0 when absent).</summary>
    public static async Task<double> RejectedMetricAsync(SiloProcess silo, string tenantId)
    {
        using var http = silo.CreateClient();
        var text = await http.GetStringAsync("/v1/metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith($"hermes_rate_limit_rejected_total{{tenant_id=\"{tenantId}\"}} ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
