namespace HermesX.Grains.Llm;

/// <summary>
/// The one connection pool all model clients share. Clients live for the whole process, so the pool
/// recycles connections itself (PooledConnectionLifetime) to follow DNS changes of provider endpoints.
/// Redirects are not followed.
/// </summary>
internal sealed class LlmHttpHandler : IDisposable
{
    private readonly SocketsHttpHandler _handler = new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(15),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
        // A model API answers where it is asked; a redirect is reported as the provider's error,
        // never followed with the prompt (and no handler stage runs for it on every call).
        AllowAutoRedirect = false,
    };

    /// <summary>A client over the shared pool; timeouts are the resilience pipeline's job, not HttpClient's.</summary>
    public HttpClient CreateClient() => new(_handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };

    public void Dispose() => _handler.Dispose();
}
