using System.Net;
using System.Text;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Governance;

/// <summary>A loopback HTTP endpoint serving one JWKS document, standing in for an identity provider.</summary>
public sealed class JwksServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly byte[] _document;
    private readonly Task _loop;

    public JwksServer(string document)
    {
        _document = Encoding.UTF8.GetBytes(document);
        var port = Ports.Free();
        Url = $"http://127.0.0.1:{port}/.well-known/jwks.json";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = ServeAsync();
    }

    public string Url { get; }

    public int Requests { get; private set; }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            Requests++;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = _document.Length;
            await context.Response.OutputStream.WriteAsync(_document);
            context.Response.Close();
        }
    }
}
