using HermesX.Grains.Resilience;
using HermesX.Grains.Skills;
using HermesX.Testing;
using Minio.Exceptions;

namespace HermesX.Tests.Skills;

/// <summary>The object store's retry, taken from the resilience registry the service uses.</summary>
public sealed class ObjectStoreRetryTests
{
    private static ValueTask<T> RunAsync<T>(Func<T> attempt) =>
        TestObjectStores.ObjectStoreRetry.ExecuteAsync(_ => ValueTask.FromResult(attempt()), CancellationToken.None);

    [Fact]
    public async Task APassingFailureIsRetriedUntilTheCallSucceeds()
    {
        var calls = 0;
        var result = await RunAsync(() => ++calls < 3 ? throw new ConnectionException("connection reset") : "stored");
        Assert.Equal("stored", result);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task AFailureThatLastsIsThrownAfterTheLastAttempt()
    {
        var calls = 0;
        await Assert.ThrowsAsync<HttpRequestException>(async () => await RunAsync<int>(() =>
        {
            calls++;
            throw new HttpRequestException("refused");
        }));
        Assert.Equal(HermesResilience.ObjectStoreAttempts, calls);
    }

    [Fact]
    public async Task AnAnswerIsNotRetried()
    {
        var calls = 0;
        await Assert.ThrowsAsync<ObjectNotFoundException>(async () => await RunAsync<int>(() =>
        {
            calls++;
            throw new ObjectNotFoundException("missing");
        }));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void NothingIsRetriedOnceTheCallerHasGivenUp()
    {
        using var cts = new CancellationTokenSource();
        Assert.True(ObjectStoreErrors.IsTransient(new ConnectionException("reset"), cts.Token));
        cts.Cancel();
        Assert.False(ObjectStoreErrors.IsTransient(new ConnectionException("reset"), cts.Token));
        Assert.False(ObjectStoreErrors.IsTransient(new InvalidOperationException("bug"), CancellationToken.None));
    }
}
