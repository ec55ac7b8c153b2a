using HermesX.Grains.Audit;
using Microsoft.Extensions.Logging.Abstractions;

namespace HermesX.Tests.Audit;

public sealed class BatchWriterTests
{
    /// <summary>Stands in for Postgres: refuses any batch holding a "bad" record, and records what it stored.</summary>
    private sealed class PickyWriter() : BatchWriter<string>(NullLogger.Instance)
    {
        public List<string> Stored { get; } = [];
        public int Batches { get; private set; }

        protected override string TenantOf(string item) => item.StartsWith('b') ? "tenant-b" : "tenant-a";

        protected override Task WriteAsync(string tenantId, IReadOnlyList<string> items, CancellationToken ct)
        {
            Batches++;
            if (items.Any(i => i.Contains("bad", StringComparison.Ordinal)))
            {
                throw new InvalidOperationException("refused");
            }
            Stored.AddRange(items);
            return Task.CompletedTask;
        }

        protected override string? Repair(string item) => item.Contains("unrepairable", StringComparison.Ordinal) ? item : item.Replace("bad", "[marker]");
    }

    [Fact]
    public async Task ARefusedRowNeverTakesTheOtherRowsOfItsBatchWithIt()
    {
        var writer = new PickyWriter();
        foreach (var item in new[] { "a1", "a2", "a-bad", "a3", "b1", "b2" })
        {
            await writer.EnqueueAsync(item);
        }
        await writer.FlushAsync();
        Assert.Equal(new[] { "a1", "a2", "a-[marker]", "a3", "b1", "b2" }.Order(StringComparer.Ordinal), writer.Stored.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ARowThatCannotBeRepairedIsTheOnlyOneLost()
    {
        var writer = new PickyWriter();
        foreach (var item in new[] { "a1", "a-bad-unrepairable", "a2" })
        {
            await writer.EnqueueAsync(item);
        }
        await writer.FlushAsync();
        Assert.Equal(new[] { "a1", "a2" }, writer.Stored.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AHealthyBatchIsOneWritePerTenant()
    {
        var writer = new PickyWriter();
        foreach (var item in new[] { "a1", "a2", "b1", "a3" })
        {
            await writer.EnqueueAsync(item);
        }
        await writer.FlushAsync();
        Assert.Equal(2, writer.Batches);
        Assert.Equal(4, writer.Stored.Count);
    }
}
