using System.Net;
using System.Net.Http.Json;
using System.Text;
using HermesX.Testing;
using HermesX.IntegrationTests;

namespace HermesX.IntegrationTests.Api;

[Collection(SharedClusterCollection.Name)]
public sealed class TenantsApiTests(SharedClusterFixture fixture)
{
    private HermesCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task SearchFindsTenantsByPartOfTheirIdOrNameAcrossEveryPage()
    {
        using var admin = Cluster.Admin();
        var token = "Zq" + Guid.NewGuid().ToString("N")[..8];
        var byName = (await admin.CreateTenantAsync($"Shop {token} EU")).GetProperty("id").GetString()!;
        var byId = (await admin.CreateTenantAsync("other", new { id = $"t-{token.ToLowerInvariant()}" })).GetProperty("id").GetString()!;
        await admin.CreateTenantAsync("unrelated");
        // Any case, and a one-row page still finds them on later pages.
        var found = new List<string>();
        for (var offset = 0; ; offset++)
        {
            using var r = await admin.GetAsync($"/v1/tenants?q={token.ToUpperInvariant()}&limit=1&offset={offset}");
            var page = await r.ExpectJsonAsync(HttpStatusCode.OK);
            found.AddRange(page.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("id").GetString()!));
            if (!page.GetProperty("has_more").GetBoolean())
            {
                break;
            }
        }
        Assert.Equal(new[] { byId, byName }.Order(), found.Order());
        using var tooLong = await admin.GetAsync($"/v1/tenants?q={new string('x', 201)}");
        Assert.Equal("invalid_request", await tooLong.ExpectErrorAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task PlatformAdminCreatesReadsUpdatesAndSoftDeletesATenant()
    {
        using var admin = Cluster.Admin();
        var created = await admin.CreateTenantAsync("Acme", new { plan = "pro", config = new { region = "eu" } });
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("pro", created.GetProperty("plan").GetString());
        Assert.Equal(600, created.GetProperty("rate_limit_rpm").GetInt32());
        Assert.Equal("eu", created.GetProperty("config").GetProperty("region").GetString());

        using (var r = await admin.GetAsync($"/v1/tenants/{id}"))
        {
            Assert.Equal("Acme", (await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("name").GetString());
        }
        using (var r = await admin.PatchAsJsonAsync($"/v1/tenants/{id}", new { max_sessions = 7 }))
        {
            var json = await r.ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal(7, json.GetProperty("max_sessions").GetInt32());
            Assert.Equal("Acme", json.GetProperty("name").GetString());
        }
        using (var r = await admin.PutAsJsonAsync($"/v1/tenants/{id}", new { name = "Acme Corp", plan = "enterprise" }))
        {
            Assert.Equal("enterprise", (await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("plan").GetString());
        }
        using (var r = await admin.GetAsync("/v1/tenants?limit=500"))
        {
            var list = await r.ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Contains(list.GetProperty("data").EnumerateArray(), t => t.GetProperty("id").GetString() == id);
        }
        using (var r = await admin.DeleteAsync($"/v1/tenants/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        }
        using (var r = await admin.GetAsync($"/v1/tenants/{id}"))
        {
            Assert.Equal(System.Text.Json.JsonValueKind.String, (await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("deleted_at").ValueKind);
        }
        using (var r = await admin.PatchAsJsonAsync($"/v1/tenants/{id}", new { name = "zombie" }))
        {
            await r.ExpectErrorAsync(HttpStatusCode.NotFound);
        }
        using (var r = await admin.DeleteAsync($"/v1/tenants/{id}"))
        {
            await r.ExpectErrorAsync(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task DuplicateTenantIdIsConflict()
    {
        using var admin = Cluster.Admin();
        var id = "dup-" + Guid.NewGuid().ToString("N")[..8];
        await admin.CreateTenantAsync(extra: new { id });
        using var r = await admin.PostAsJsonAsync("/v1/tenants", new { id, name = "again" });
        Assert.Equal("conflict", await r.ExpectErrorAsync(HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task UnknownTenantIs404()
    {
        using var admin = Cluster.Admin();
        using var r = await admin.GetAsync("/v1/tenants/no-such-tenant");
        await r.ExpectErrorAsync(HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string, string?> BadBodies => new()
    {
        { """{"name": """, "application/json", "invalid_json" },
        { """{"name": 42}""", "application/json", "invalid_json" },
        { """{"plan": "pro"}""", "application/json", "invalid_request" },
        { """{"name": "x", "plan": "platinum"}""", "application/json", "invalid_request" },
        { """{"name": "x", "rate_limit_rpm": 0}""", "application/json", "invalid_request" },
        { """{"name": "x", "rate_limit_rpm": "60"}""", "application/json", "invalid_json" },
        { """{"name": "x", "config": [1]}""", "application/json", "invalid_request" },
        { """{"name": "x", "unknown_field": 1}""", "application/json", "invalid_json" },
        { """{"name": "x", "id": "../etc"}""", "application/json", "invalid_request" },
        { """{"name": "   "}""", "application/json", "invalid_request" },
        { """name=x""", "application/x-www-form-urlencoded", "unsupported_media_type" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task InvalidTenantBodiesAreRejectedAndWriteNothing(string body, string contentType, string? code)
    {
        using var admin = Cluster.Admin();
        using var r = await admin.PostAsync("/v1/tenants", new StringContent(body, Encoding.UTF8, contentType));
        var status = contentType == "application/json" ? HttpStatusCode.BadRequest : HttpStatusCode.UnsupportedMediaType;
        Assert.Equal(code, await r.ExpectErrorAsync(status));
        // No valid request in the suite uses these names, so any such row came from a rejected body.
        Assert.Equal(0L, await Cluster.Database.ScalarAsSuperuserAsync<long>("SELECT count(*) FROM tenants WHERE name IN ('x', '   ')"));
    }
}
