using Npgsql;

namespace HermesX.IntegrationTests.Store;

/// <summary>Spend per API key is read through an index led by the key, not by filtering a tenant's whole period.</summary>
public sealed class UsageIndexTests : MigratedDatabase
{
    [Fact]
    public async Task OneKeysSpendInAPeriodIsReadThroughTheKeyIndex()
    {
        // Two tenants, ten keys each, a day of calls a minute apart.
        await Db.ExecuteAsSuperuserAsync("""
            INSERT INTO usage_records (tenant_id, session_id, user_id, model, provider, input_tokens, output_tokens, cost_usd, api_key_id, created_at)
            SELECT 't' || (g % 2), NULL, 'user', 'gpt', 'openai', 10, 5, 0.01, 'key_' || (g % 20), now() - g * interval '1 minute'
            FROM generate_series(1, 2880) AS g
            """);
        await Db.ExecuteAsSuperuserAsync("VACUUM ANALYZE usage_records");

        await using var conn = await Source.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var setup = new NpgsqlCommand(
            "SELECT set_config('app.current_tenant', 't1', true); SET LOCAL enable_seqscan = off;", conn, tx))
        {
            await setup.ExecuteNonQueryAsync();
        }
        // The shape of a key's spend since the start of its budget's period (UsageStore.CostSinceAsync), under RLS.
        await using var explain = new NpgsqlCommand(
            "EXPLAIN SELECT coalesce(sum(cost_usd), 0) FROM usage_records WHERE created_at >= @s AND api_key_id = @k", conn, tx);
        explain.Parameters.AddWithValue("s", DateTimeOffset.UtcNow.AddHours(-12));
        explain.Parameters.AddWithValue("k", "key_3");
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        Assert.Contains(plan, line => line.Contains("usage_records_key_time", StringComparison.Ordinal));
    }
}
