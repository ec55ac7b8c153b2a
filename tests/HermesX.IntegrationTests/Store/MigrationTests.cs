using HermesX.Grains.Store;
using HermesX.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace HermesX.IntegrationTests.Store;

public sealed class MigrationTests
{
    [Fact]
    public async Task ConcurrentInstancesApplyEachMigrationExactlyOnce()
    {
        await using var db = await TestDatabase.CreateAsync();
        var runs = Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var source = NpgsqlDataSource.Create(db.ServiceConnectionString);
            return await new Migrator(source, NullLogger<Migrator>.Instance).MigrateAsync();
        });
        var applied = await Task.WhenAll(runs);

        // The lock makes the others wait, not skip: between them every migration ran once.
        Assert.Equal(Migrator.Embedded.Select(m => m.Version), applied.SelectMany(a => a).Order());
        Assert.Equal(Migrator.Embedded.Count, (int)await db.ScalarAsSuperuserAsync<long>("SELECT count(*) FROM schema_migrations"));
        Assert.True(await db.ScalarAsSuperuserAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'orleansmembershiptable'") == 1);

        await using var again = NpgsqlDataSource.Create(db.ServiceConnectionString);
        Assert.Empty(await new Migrator(again, NullLogger<Migrator>.Instance).MigrateAsync());
    }

    [Fact]
    public void EmbeddedMigrationsAreNumberedWithoutGaps()
    {
        var versions = Migrator.Embedded.Select(m => m.Version).ToList();
        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
    }
}
