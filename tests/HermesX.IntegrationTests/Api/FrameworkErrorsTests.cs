using System.Text;
using HermesX.IntegrationTests.Skills;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Api;

/// <summary>
/// Requests that ASP.NET Core or Kestrel refuse before a handler runs, sent byte for byte: those
/// that reach the middleware answer in the JSON error shape; the framing errors Kestrel answers on
/// the connection are the README's documented empty-bodied exceptions.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class FrameworkErrorsTests(SharedClusterFixture fixture)
{
    private Uri Server => fixture.Cluster.First.BaseAddress;

    private static byte[] Request(string head, string body = "") => Encoding.Latin1.GetBytes(head + "\r\n" + body);

    private static string Head(string requestLine, params string[] headers) =>
        requestLine + "\r\n" + string.Concat(headers.Select(h => h + "\r\n"));

    private static string Admin => $"Authorization: Bearer {HermesCluster.AcpToken}";

    private static (string Code, string Message) JsonError(RawHttp.Reply reply, int status)
    {
        Assert.True(reply.Status == status, $"expected {status}, got {reply.Status}: '{reply.Body}'");
        Assert.False(string.IsNullOrEmpty(reply.Body), $"{status} without a body");
        var error = reply.Json.GetProperty("error");
        Assert.StartsWith("req_", error.GetProperty("request_id").GetString());
        return (error.GetProperty("code").GetString()!, error.GetProperty("message").GetString()!);
    }

    [Theory]
    [InlineData("POST", "/v1/tenants", "Content-Length: 0")]
    [InlineData("POST", "/v1/api-keys?tenant_id=default", "Content-Length: 0")]
    [InlineData("PATCH", "/v1/tenants/nobody", "Content-Type: application/json", "Content-Length: 0")]
    public async Task ABodilessWriteToAJsonEndpointSaysItNeedsAJsonBody(string method, string target, params string[] headers)
    {
        var reply = await RawHttp.ExchangeAsync(Server, Request(Head($"{method} {target} HTTP/1.1", ["Host: x", Admin, "Connection: close", .. headers])));
        var (code, message) = JsonError(reply, 400);
        Assert.Equal("invalid_request", code);
        Assert.Equal($"{method} {target.Split('?')[0]} needs a JSON body (Content-Type: application/json)", message);
    }

    [Fact]
    public async Task MoreHeadersThanTheLimitIsAJson431()
    {
        var filler = Enumerable.Range(0, 150).Select(i => $"X-Filler-{i}: v").ToArray();
        var reply = await RawHttp.ExchangeAsync(Server, Request(Head("GET /v1/me HTTP/1.1", ["Host: x", Admin, "Connection: close", .. filler])));
        var (code, message) = JsonError(reply, 431);
        Assert.Equal("headers_too_large", code);
        Assert.Contains("more than 100 headers", message);
    }

    /// <summary>Kestrel gives a stalled body a few seconds (MinRequestBodyDataRate's grace), then refuses it.</summary>
    [Theory]
    [InlineData("/v1/tenants")]
    [InlineData("/v1/chat/completions")]
    public async Task ABodyThatStallsIsAJson408(string target)
    {
        var bearer = Admin;
        if (target.StartsWith("/v1/chat", StringComparison.Ordinal))
        {
            // Chat reads its body itself, as a tenant's turn.
            using var admin = fixture.Cluster.Admin();
            var tenant = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
            bearer = "Authorization: Bearer " + (await admin.CreateKeyAsync(tenant, ["user"])).Key;
        }
        var head = Head($"POST {target} HTTP/1.1", "Host: x", bearer, "Content-Type: application/json", "Content-Length: 100");
        var reply = await RawHttp.ExchangeAsync(Server, Request(head, "{}"));
        var (code, message) = JsonError(reply, 408);
        Assert.Equal("request_timeout", code);
        Assert.Equal("The request body arrived too slowly; send it without pauses", message);
    }

    [Fact]
    public async Task ABrokenChunkedBodyIsAJson400()
    {
        var head = Head("POST /v1/tenants HTTP/1.1", "Host: x", Admin, "Content-Type: application/json", "Transfer-Encoding: chunked", "Connection: close");
        var reply = await RawHttp.ExchangeAsync(Server, Request(head, "ZZ\r\n{}\r\n0\r\n\r\n"));
        Assert.Equal("invalid_request", JsonError(reply, 400).Code);
    }

    /// <summary>The README's list of what Kestrel answers on the connection, before any middleware: status only.</summary>
    [Theory]
    [InlineData("GARBAGE\r\n", 400)]
    [InlineData("GET /v1/me HTTP/1.1\r\nConnection: close\r\n", 400)]
    [InlineData("GET /v1/me HTTP/1.1\r\nHost: x\r\nNo colon here\r\n", 400)]
    [InlineData("GET /v1/me HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n", 400)]
    [InlineData("POST /v1/tenants HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n", 400)]
    [InlineData("POST /v1/tenants HTTP/1.0\r\nHost: x\r\nContent-Type: application/json\r\n", 400)]
    [InlineData("GET /v1/me HTTP/9.9\r\nHost: x\r\n", 505)]
    [InlineData("GET * HTTP/1.1\r\nHost: x\r\n", 405)]
    public async Task FramingErrorsAreKestrelsOwnBodilessAnswers(string head, int status)
    {
        var reply = await RawHttp.ExchangeAsync(Server, Request(head));
        Assert.Equal(status, reply.Status);
        Assert.Equal("", reply.Body);
        using var http = fixture.Cluster.First.CreateClient();
        using var live = await http.GetAsync("/health/live");
        Assert.True(live.IsSuccessStatusCode);
    }
}
