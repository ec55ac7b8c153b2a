using HermesX.Grains.Store;
using HermesX.Grains.Abstractions.Auth;

namespace HermesX.Grains.Auth;

/// <summary>Records the one-time platform bootstrap and mints the first admin key in the same transaction.</summary>
public sealed class BootstrapStore(TenantDb db)
{
    private const string StateKey = "bootstrap";

    public Task<DateTimeOffset?> CompletedAtAsync(CancellationToken ct = default) =>
        db.WithoutTenantAsync("select", "platform_state", async (conn, tx, c) =>
            (await conn.QueryAsync(tx, "SELECT updated_at FROM platform_state WHERE key = @k",
                r => (DateTimeOffset?)r.GetFieldValue<DateTimeOffset>(0), c, ("k", StateKey))).SingleOrDefault(), ct);

    /// <summary>Mints the admin key for <paramref name="tenantId"/> unless bootstrap already ran (then null).</summary>
    public Task<(ApiKeyRecord Key, string RawKey)?> TryBootstrapAsync(string tenantId, CancellationToken ct = default) =>
        db.InTenantAsync<(ApiKeyRecord, string)?>(tenantId, "bootstrap", "platform_state", async (conn, tx, c) =>
        {
            var won = await conn.ExecuteAsync(tx, """
                INSERT INTO platform_state (key, value) VALUES (@k, jsonb_build_object('tenant_id', @t))
                ON CONFLICT (key) DO NOTHING
                """, c, ("k", StateKey), ("t", tenantId));
            if (won == 0)
            {
                return null;
            }
            return await ApiKeyStore.InsertAsync(conn, tx, tenantId,
                new NewApiKey("bootstrap-admin", [HermesRoles.Admin], HermesRoles.DefaultScopes([HermesRoles.Admin]), null), null, c);
        }, ct);
}
