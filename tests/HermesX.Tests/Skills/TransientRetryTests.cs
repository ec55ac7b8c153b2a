using HermesX.Grains.Skills;
using Minio.Exceptions;

namespace HermesX.Tests.Skills;

public sealed class TransientRetryTests
{
    [Fact]
    public async Task APassingFailureIsRetriedUntilTheCallSucceeds()
    {
        var calls = 0;
        var result = await TransientRetry.ExecuteAsync(_ =>
        {
            calls++;
            return calls < 3 ? throw new ConnectionException("connection reset") : Task.FromResult("stored");
        }, CancellationToken.None);
        Assert.Equal("stored", result);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task AFailureThatLastsIsThrownAfterTheLastAttempt()
    {
        var calls = 0;
        await Assert.ThrowsAsync<HttpRequestException>(async () => await TransientRetry.ExecuteAsync<int>(_ =>
        {
            calls++;
            throw new HttpRequestException("refused");
        }, CancellationToken.None));
        Assert.Equal(TransientRetry.Attempts, calls);
    }

    [Fact]
    public async Task AnAnswerIsNotRetried()
    {
        var calls = 0;
        await Assert.ThrowsAsync<ObjectNotFoundException>(async () => await TransientRetry.ExecuteAsync<int>(_ =>
        {
            calls++;
            throw new ObjectNotFoundException("missing");
        }, CancellationToken.None));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void NothingIsRetriedOnceTheCallerHasGivenUp()
    {
        using var cts = new CancellationTokenSource();
        Assert.True(TransientRetry.IsTransient(new ConnectionException("reset"), cts.Token));
        cts.Cancel();
        Assert.False(TransientRetry.IsTransient(new ConnectionException("reset"), cts.Token));
        Assert.False(TransientRetry.IsTransient(new InvalidOperationException("bug"), CancellationToken.None));
    }
}
