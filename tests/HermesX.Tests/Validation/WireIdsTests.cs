using System.Text.RegularExpressions;
using HermesX.Frontend.Wire;
using HermesX.Grains.Abstractions.Text;

namespace HermesX.Tests.Validation;

public sealed class WireIdsTests
{
    [Theory]
    [InlineData("chatcmpl-")]
    [InlineData("req_")]
    [InlineData("sess_")]
    public void ANewIdIsThePrefixAndThirtyTwoHexDigitsAndNeverRepeats(string prefix)
    {
        var ids = Enumerable.Range(0, 100).Select(_ => WireNames.NewId(prefix)).ToList();

        Assert.All(ids, id => Assert.Matches("^" + Regex.Escape(prefix) + "[0-9a-f]{32}$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(WireNames.IsValidSessionId(WireNames.NewId("sess_")));
    }

    [Fact]
    public async Task IdsDrawnOnManyThreadsPastEachThreadsBufferOfRandomBytesAreAllDistinct()
    {
        // 8 threads × 1,000 ids: each thread's 4 KiB of random bytes (256 ids) is drawn again three times.
        var perThread = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(
            () => Enumerable.Range(0, 1_000).Select(_ => RandomIds.New("x_")).ToList(), TaskCreationOptions.LongRunning)));
        var ids = perThread.SelectMany(i => i).ToList();

        Assert.All(ids, id => Assert.Matches("^x_[0-9a-f]{32}$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        // Random digits, not a counter: every hex digit shows up in every position across the ids.
        Assert.All(Enumerable.Range(2, 32), i => Assert.Equal(16, ids.Select(id => id[i]).Distinct().Count()));
    }
}
