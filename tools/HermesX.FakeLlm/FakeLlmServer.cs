using HermesX.FakeLlm.Scripting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace HermesX.FakeLlm;

/// <summary>
/// A fake LLM server running in the current process on 127.0.0.1, for tests.
/// Script it with <see cref="Enqueue"/>, read what clients sent with <see cref="Requests"/>.
/// </summary>
public sealed class FakeLlmServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeLlmServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
        State = app.Services.GetRequiredService<FakeLlmState>();
    }

    /// <summary>Root address, e.g. <c>http://127.0.0.1:41234</c> (Anthropic and Gemini clients use this).</summary>
    public string BaseUrl { get; }

    /// <summary>Root address plus <c>/v1</c>, the endpoint OpenAI clients expect.</summary>
    public string OpenAiBaseUrl => BaseUrl + "/v1";

    public FakeLlmState State { get; }

    public IReadOnlyList<RecordedRequest> Requests => State.Requests;

    public long RequestCount => State.RequestCount;

    public int LatencyMs
    {
        get => State.LatencyMs;
        set => State.LatencyMs = value;
    }

    /// <summary>Starts a server on the given port (0 picks a free one).</summary>
    public static async Task<FakeLlmServer> StartAsync(int port = 0, FakeLlmOptions? options = null)
    {
        var app = FakeLlmApp.Build([], options ?? new FakeLlmOptions(), $"http://127.0.0.1:{port}");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First();
        return new FakeLlmServer(app, address.TrimEnd('/'));
    }

    public void Enqueue(params IEnumerable<FakeReply> replies) => State.Enqueue(replies);

    public void Reset() => State.Reset();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
