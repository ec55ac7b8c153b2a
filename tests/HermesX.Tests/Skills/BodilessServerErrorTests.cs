using System.Net;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Resilience;
using HermesX.Grains.Skills;
using HermesX.Testing;

namespace HermesX.Tests.Skills;

/// <summary>
/// An S3 server that fails a HEAD answers a 5xx without a body; the MinIO SDK then fails inside its
/// own error parser. That is a passing server error: retried, and a 503 if it lasts, never a 500.
/// </summary>
public sealed class BodilessServerErrorTests
{
    [Fact]
    public async Task AHeadAnsweredWithABodiless500IsAPassingObjectStoreFailure()
    {
        var port = Ports.Free();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var heads = 0;
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext ctx;
                try
                {
                    ctx = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                if (ctx.Request.HttpMethod == "HEAD")
                {
                    Interlocked.Increment(ref heads);
                }
                ctx.Response.StatusCode = 500;
                ctx.Response.Close();
            }
        });

        using var store = TestObjectStores.Minio(new ObjectStoreOptions
        {
            Endpoint = $"127.0.0.1:{port}", AccessKey = "test", SecretKey = "test-secret", Bucket = "skills",
        });
        var error = await Record.ExceptionAsync(() => store.ExistsAsync("tenant/skills/a/SKILL.md", CancellationToken.None));
        listener.Stop();
        await serving;

        Assert.NotNull(error);
        Assert.True(ObjectStoreErrors.IsUnavailable(error), $"not an object store failure: {error}");
        Assert.True(heads >= HermesResilience.ObjectStoreAttempts, $"tried {heads} times");
    }
}
