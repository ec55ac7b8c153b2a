using HermesX.Grains.Abstractions.Tenants;
using System.Security.Cryptography;
using HermesX.Grains.Store;
using Npgsql;
using HermesX.Grains.Abstractions.Auth;

namespace HermesX.Grains.Auth;

/// <summary>A key row found by its hash, before any validity checks.</summary>
public sealed record ApiKeyRow(ApiKeyRecord Key, string KeyHash);

/// <summary>Postgres access for <c>api_keys</c>; raw keys exist only in the return value of Create/Rotate.</summary>
public sealed class ApiKeyStore(TenantDb db)
{
    private const string Columns = "id, tenant_id, name, prefix, roles, scopes, expires_at, revoked_at, created_at, key_hash, models, daily_budget_usd, monthly_budget_usd";

    /// <summary>Makes a new raw key: <c>hk_</c> followed by 64 hex characters.</summary>
    public static string NewRawKey() => "hk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string rawKey) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(rawKey)));


    public Task<(ApiKeyRecord Key, string RawKey)> CreateAsync(string tenantId, NewApiKey key, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "insert", "api_key", (conn, tx, c) => InsertAsync(conn, tx, tenantId, key, null, c), ct);

    public Task<(ApiKeyRecord Key, string RawKey)> CreateAsync(string tenantId, string name, IReadOnlyList<string> roles,
        IReadOnlyList<string> scopes, DateTimeOffset? expiresAt, CancellationToken ct = default) =>
        CreateAsync(tenantId, new NewApiKey(name, roles, scopes, expiresAt), ct);

    public Task<List<ApiKeyRecord>> ListAsync(string tenantId, int limit, int offset, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "list", "api_key", (conn, tx, c) =>
            conn.QueryAsync(tx, $"SELECT {Columns} FROM api_keys ORDER BY created_at DESC, id LIMIT @l OFFSET @o",
                r => Map(r).Key, c, ("l", limit), ("o", offset)), ct);

    public Task<List<string>> ListHashesAsync(string tenantId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "list", "api_key", (conn, tx, c) =>
            conn.QueryAsync(tx, "SELECT key_hash FROM api_keys", r => r.GetString(0), c), ct);

    /// <summary>Revokes the key; returns its hash (to invalidate caches), or null when the tenant has no such active key.</summary>
    public Task<string?> RevokeAsync(string tenantId, string keyId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "update", "api_key", async (conn, tx, c) =>
            (await conn.QueryAsync(tx, "UPDATE api_keys SET revoked_at = now() WHERE id = @id AND revoked_at IS NULL RETURNING key_hash",
                r => r.GetString(0), c, ("id", keyId))).SingleOrDefault(), ct);

    /// <summary>
    /// Changes an active key's model allow-list and USD budgets in one statement (a null change leaves that setting as it is);
    /// the key and its hash (to invalidate caches), or null when there is no such active key.
    /// </summary>
    public Task<ApiKeyRow?> UpdateAsync(string tenantId, string keyId, ApiKeyChanges changes, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "update", "api_key", async (conn, tx, c) =>
            (await conn.QueryAsync(tx, $"""
                UPDATE api_keys SET models = CASE WHEN @sl THEN @l ELSE models END,
                                    daily_budget_usd = CASE WHEN @sd THEN @d ELSE daily_budget_usd END,
                                    monthly_budget_usd = CASE WHEN @sm THEN @m ELSE monthly_budget_usd END
                WHERE id = @id AND revoked_at IS NULL RETURNING {Columns}
                """, Map, c, ("id", keyId), ("sl", changes.Models is not null), ("l", changes.Models?.Models?.ToArray()),
                ("sd", changes.DailyBudgetUsd is not null), ("d", changes.DailyBudgetUsd?.Usd), ("sm", changes.MonthlyBudgetUsd is not null),
                ("m", changes.MonthlyBudgetUsd?.Usd))).SingleOrDefault(), ct);

    /// <summary>
    /// Revokes the key and issues a replacement with the same name, roles, scopes, models, budgets and expiry, in one
    /// transaction.
    /// </summary>
    public Task<(ApiKeyRecord Key, string RawKey, string OldHash)?> RotateAsync(string tenantId, string keyId, CancellationToken ct = default) =>
        db.InTenantAsync<(ApiKeyRecord, string, string)?>(tenantId, "rotate", "api_key", async (conn, tx, c) =>
        {
            var old = (await conn.QueryAsync(tx,
                $"UPDATE api_keys SET revoked_at = now() WHERE id = @id AND revoked_at IS NULL RETURNING {Columns}",
                Map, c, ("id", keyId))).SingleOrDefault();
            if (old is null)
            {
                return null;
            }
            var k = old.Key;
            var (key, raw) = await InsertAsync(conn, tx, tenantId,
                new NewApiKey(k.Name, k.Roles, k.Scopes, k.ExpiresAt, k.Models, k.DailyBudgetUsd, k.MonthlyBudgetUsd), k.Id, c);
            return (key, raw, old.KeyHash);
        }, ct);

    /// <summary>The key with this id in the tenant, revoked or not.</summary>
    public Task<ApiKeyRecord?> GetAsync(string tenantId, string keyId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "select", "api_key", async (conn, tx, c) =>
            (await conn.QueryAsync(tx, $"SELECT {Columns} FROM api_keys WHERE id = @id", Map, c, ("id", keyId))).SingleOrDefault()?.Key, ct);

    /// <summary>Finds a key by hash whatever its tenant (RLS admits only the row with this hash).</summary>
    public Task<ApiKeyRow?> FindByHashAsync(string keyHash, CancellationToken ct = default) =>
        db.ForKeyHashAsync(keyHash, async (conn, tx, c) =>
            (await conn.QueryAsync(tx, $"SELECT {Columns} FROM api_keys WHERE key_hash = @h", Map, c, ("h", keyHash))).SingleOrDefault(), ct);

    /// <summary>Inserts a new key in the caller's tenant transaction; the raw key exists only in the result.</summary>
    internal static async Task<(ApiKeyRecord Key, string RawKey)> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenantId, NewApiKey key,
        string? rotatedFrom, CancellationToken ct)
    {
        var raw = NewRawKey();
        var row = (await conn.QueryAsync(tx, $"""
            INSERT INTO api_keys (id, tenant_id, name, key_hash, prefix, roles, scopes, expires_at, rotated_from, models, daily_budget_usd, monthly_budget_usd)
            VALUES (@id, @t, @n, @h, @p, @r, @s, @e, @from, @m, @d, @mu)
            RETURNING {Columns}
            """, Map, ct, ("id", "key_" + Guid.NewGuid().ToString("N")), ("t", tenantId), ("n", key.Name), ("h", Hash(raw)),
            ("p", raw[..11]), ("r", key.Roles.ToArray()), ("s", key.Scopes.ToArray()), ("e", key.ExpiresAt), ("from", rotatedFrom),
            ("m", key.Models?.ToArray()), ("d", key.DailyBudgetUsd), ("mu", key.MonthlyBudgetUsd))).Single();
        return (row.Key, raw);
    }

    private static ApiKeyRow Map(NpgsqlDataReader r) => new(new ApiKeyRecord(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetFieldValue<string[]>(4), r.GetFieldValue<string[]>(5),
        r.GetNullable<DateTimeOffset>(6), r.GetNullable<DateTimeOffset>(7), r.GetFieldValue<DateTimeOffset>(8),
        r.IsDBNull(10) ? null : r.GetFieldValue<string[]>(10), r.GetNullable<decimal>(11), r.GetNullable<decimal>(12)), r.GetString(9));
}
