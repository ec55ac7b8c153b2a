using HermesX.Deploy.Tests.Infrastructure;

namespace HermesX.Deploy.Tests.Compose;

/// <summary>The production stack's silos reach PostgreSQL through PgBouncer in transaction mode.</summary>
public sealed class ProductionPoolingTests
{
    private static ComposeFile Production() => ComposeFile.Load(Repository.PathOf("docker-compose.prod.yml"));

    [Fact]
    public void SilosConnectThroughPgBouncerAndMigrationsDirectly()
    {
        var compose = Production();

        Assert.Contains("@pgbouncer:6432/", compose.Environment("hermesx-saas")["DATABASE_URL"], StringComparison.Ordinal);
        Assert.Contains("@postgres:5432/", compose.Environment("migrate")["DATABASE_URL"], StringComparison.Ordinal);
    }

    [Fact]
    public void PgBouncerPoolsTransactionsAndAcceptsNpgsqlsStartupParameter()
    {
        var pgbouncer = Production().Environment("pgbouncer");

        Assert.Equal("transaction", pgbouncer["POOL_MODE"]);
        Assert.Equal("6432", pgbouncer["LISTEN_PORT"]);
        Assert.Equal("postgres", pgbouncer["DB_HOST"]);
        Assert.Equal("extra_float_digits", pgbouncer["IGNORE_STARTUP_PARAMETERS"]);
    }
}
