using HermesX.Grains.Store;
using HermesX.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using HermesX.Grains.Abstractions.Configuration;

namespace HermesX.IntegrationTests.Store;

/// <summary>A throwaway database with every migration applied, reached as the service role (RLS enforced).</summary>
public abstract class MigratedDatabase : IAsyncLifetime
{
    protected TestDatabase Db { get; private set; } = null!;
    protected NpgsqlDataSource Source { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateAsync();
        Source = NpgsqlDataSource.Create(Db.ServiceConnectionString);
        await new Migrator(Source, NullLogger<Migrator>.Instance).MigrateAsync();
    }

    public virtual async Task DisposeAsync()
    {
        await Source.DisposeAsync();
        await Db.DisposeAsync();
    }

    /// <summary>A started group committer on this database; with a linger, writes submitted together share a flush.</summary>
    protected async Task<GroupCommitter> StartCommitterAsync(TimeSpan linger = default)
    {
        var committer = new GroupCommitter(Source, new GroupCommitOptions { Linger = linger, LingerAlone = true, MaxWrites = 1000 }, NullLogger<GroupCommitter>.Instance);
        await committer.StartAsync(CancellationToken.None);
        return committer;
    }
}
