using System.Net;
using System.Net.Sockets;
using HermesX.Grains.Outbound;
using Xunit;

namespace HermesX.Tests.Webhooks;

public sealed class OutboundGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("0.0.0.0")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.5.4")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("224.0.0.1")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("fc00::5")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("64:ff9b::7f00:1")]
    public void InternalAddressesAreForbidden(string address) => Assert.True(OutboundAddress.IsForbidden(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void PublicAddressesAreAllowed(string address) => Assert.False(OutboundAddress.IsForbidden(IPAddress.Parse(address)));

    [Fact]
    public async Task TheHandlerRefusesToConnectToALoopbackListenerAtCallTime()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var guarded = new HttpClient(new OutboundGuard(allowPrivate: false).CreateHandler(TimeSpan.FromSeconds(5)));

        // Whatever the URL was checked against when it was registered, the connection itself is refused.
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => guarded.GetAsync($"http://localhost:{port}/"));
        Assert.IsType<OutboundRefusedException>(e.InnerException);
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task WithPrivateAddressesAllowedTheHandlerConnects()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var allowed = new HttpClient(new OutboundGuard(allowPrivate: true).CreateHandler(TimeSpan.FromSeconds(5))) { Timeout = TimeSpan.FromSeconds(10) };

        var call = allowed.GetAsync($"http://127.0.0.1:{port}/");
        using var accepted = await listener.AcceptTcpClientAsync();
        var stream = accepted.GetStream();
        var buffer = new byte[4096];
        _ = await stream.ReadAsync(buffer);
        await stream.WriteAsync("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"u8.ToArray());
        using var response = await call;
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Theory]
    [InlineData("https://127.0.0.1/x", "internal address")]
    [InlineData("https://localhost/x", "internal address")]
    [InlineData("http://203.0.113.14/x", "must use https")]
    [InlineData("https://u:p@203.0.113.14/x", "credentials")]
    [InlineData("/relative", "absolute https URL")]
    public async Task RegistrationRefusesWhatMayNotBeCalled(string url, string says) =>
        Assert.Contains(says, await new OutboundGuard(allowPrivate: false).RefusalAsync("url", url));

    [Theory]
    [InlineData("http://127.0.0.1:9/x")]
    [InlineData("http://localhost/x")]
    public async Task WithPrivateAddressesAllowedLoopbackAndHttpPass(string url) =>
        Assert.Null(await new OutboundGuard(allowPrivate: true).RefusalAsync("url", url));
}
