using System.Net;
using System.Net.Http.Json;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Skills;

/// <summary>CRUD of skills, listing, roles and tenant isolation, against the real S3 test server.</summary>
public sealed class SkillsApiTests(SkillsFixture fixture) : IClassFixture<SkillsFixture>
{
    [Fact]
    public async Task ASkillIsCreatedReadReplacedListedAndDeleted()
    {
        var (tenant, key) = await fixture.TenantAsync();
        using var http = fixture.Client(key);
        var name = SkillText.UniqueName();

        using var created = await http.PostAsync("/v1/skills", SkillText.Markdown(SkillText.Of(name, "First description", "Step one.")));
        var skill = await created.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/v1/skills/{name}", created.Headers.Location?.OriginalString);
        Assert.Equal("First description", skill.GetProperty("description").GetString());
        Assert.Contains($"{tenant}/skills/{name}/SKILL.md", await fixture.KeysAsync(tenant));

        using var got = await http.GetAsync($"/v1/skills/{name}");
        var body = await got.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(name, body.GetProperty("name").GetString());
        Assert.Equal("1.0", body.GetProperty("version").GetString());
        Assert.Equal(["test"], body.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("Step one.\n", body.GetProperty("body").GetString());
        Assert.StartsWith("---\nname: " + name, body.GetProperty("raw").GetString());
        Assert.True(body.GetProperty("updated_at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(-1));

        // The JSON form of a write.
        using var replaced = await http.PutAsJsonAsync($"/v1/skills/{name}", new { content = SkillText.Of(name, "Second description", "Step two.") });
        Assert.Equal("Second description", (await replaced.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("description").GetString());
        using var again = await http.GetAsync($"/v1/skills/{name}");
        Assert.Equal("Step two.\n", (await again.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("body").GetString());

        var listed = await ListAllAsync(http);
        var entry = Assert.Single(listed, s => s.GetProperty("name").GetString() == name);
        Assert.Equal("Second description", entry.GetProperty("description").GetString());
        Assert.Equal("1.0", entry.GetProperty("version").GetString());
        Assert.True(entry.TryGetProperty("updated_at", out _));

        using var deleted = await http.DeleteAsync($"/v1/skills/{name}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await http.GetAsync($"/v1/skills/{name}");
        Assert.Equal("not_found", await gone.ExpectErrorAsync(HttpStatusCode.NotFound));
        using var deletedAgain = await http.DeleteAsync($"/v1/skills/{name}");
        Assert.Equal("not_found", await deletedAgain.ExpectErrorAsync(HttpStatusCode.NotFound));
        Assert.DoesNotContain($"{tenant}/skills/{name}/SKILL.md", await fixture.KeysAsync(tenant));
        Assert.DoesNotContain(await ListAllAsync(http), s => s.GetProperty("name").GetString() == name);
    }

    [Fact]
    public async Task CreatingASkillThatExistsIs409AndKeepsTheOriginal()
    {
        var (_, key) = await fixture.TenantAsync();
        using var http = fixture.Client(key);
        var name = SkillText.UniqueName();
        (await http.PostAsync("/v1/skills", SkillText.Markdown(SkillText.Of(name, "original")))).EnsureSuccessStatusCode();

        using var second = await http.PostAsync("/v1/skills", SkillText.Markdown(SkillText.Of(name, "intruder")));
        Assert.Equal("conflict", await second.ExpectErrorAsync(HttpStatusCode.Conflict));
        using var got = await http.GetAsync($"/v1/skills/{name}");
        Assert.Equal("original", (await got.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("description").GetString());
    }

    [Fact]
    public async Task PutCreatesASkillThatDidNotExist()
    {
        var (_, key) = await fixture.TenantAsync();
        using var http = fixture.Client(key);
        var name = SkillText.UniqueName();
        using var put = await http.PutAsync($"/v1/skills/{name}", SkillText.Markdown(SkillText.Of(name)));
        await put.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/v1/skills/{name}", put.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ListingPagesThroughManySkills()
    {
        var (_, key) = await fixture.TenantAsync();
        using var http = fixture.Client(key);
        var names = Enumerable.Range(0, 120).Select(i => $"many-{i:D3}").ToList();
        foreach (var batch in names.Chunk(8))
        {
            await Task.WhenAll(batch.Select(async n =>
            {
                using var r = await http.PutAsync($"/v1/skills/{n}", SkillText.Markdown(SkillText.Of(n, $"Skill number {n}")));
                await r.ExpectJsonAsync(HttpStatusCode.Created);
            }));
        }

        var pages = new List<System.Text.Json.JsonElement>();
        var offset = 0;
        while (true)
        {
            using var r = await http.GetAsync($"/v1/skills?limit=50&offset={offset}");
            var page = await r.ExpectJsonAsync(HttpStatusCode.OK);
            pages.AddRange(page.GetProperty("data").EnumerateArray());
            if (!page.GetProperty("has_more").GetBoolean())
            {
                break;
            }
            offset += 50;
        }
        var listed = pages.Select(s => s.GetProperty("name").GetString()!).ToList();
        Assert.Equal(listed.Order(StringComparer.Ordinal), listed);
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.All(names, n => Assert.Contains(n, listed));
        Assert.Equal("Skill number many-077", pages.Single(s => s.GetProperty("name").GetString() == "many-077").GetProperty("description").GetString());

        using var all = await http.GetAsync("/v1/skills?limit=500");
        Assert.Equal(listed, (await all.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray().Select(s => s.GetProperty("name").GetString()!));
    }

    [Fact]
    public async Task AnotherTenantsSkillsAreNeitherListedNorReadableNorChangeable()
    {
        var (tenantA, keyA) = await fixture.TenantAsync();
        var (tenantB, keyB) = await fixture.TenantAsync();
        using var a = fixture.Client(keyA);
        using var b = fixture.Client(keyB);
        var name = SkillText.UniqueName("secret");
        (await a.PostAsync("/v1/skills", SkillText.Markdown(SkillText.Of(name, "A's secret", "only for A")))).EnsureSuccessStatusCode();

        Assert.DoesNotContain(await ListAllAsync(b), s => s.GetProperty("name").GetString() == name);
        using (var read = await b.GetAsync($"/v1/skills/{name}"))
        {
            Assert.Equal("not_found", await read.ExpectErrorAsync(HttpStatusCode.NotFound));
        }
        using (var delete = await b.DeleteAsync($"/v1/skills/{name}"))
        {
            Assert.Equal("not_found", await delete.ExpectErrorAsync(HttpStatusCode.NotFound));
        }
        // B writing the same name makes B's own skill; A's is untouched.
        using (var put = await b.PutAsync($"/v1/skills/{name}", SkillText.Markdown(SkillText.Of(name, "B's own"))))
        {
            await put.ExpectJsonAsync(HttpStatusCode.Created);
        }
        using var stillA = await a.GetAsync($"/v1/skills/{name}");
        Assert.Equal("A's secret", (await stillA.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("description").GetString());
        Assert.All(await fixture.KeysAsync(tenantB), k => Assert.StartsWith(tenantB + "/", k));
        Assert.Contains($"{tenantA}/skills/{name}/SKILL.md", await fixture.KeysAsync(tenantA));
    }

    [Fact]
    public async Task AnyTenantRoleReadsButOnlyAdminsAndOperatorsWrite()
    {
        var (tenant, adminKey) = await fixture.TenantAsync();
        using var admin = fixture.Cluster.Admin();
        var name = SkillText.UniqueName();
        using (var a = fixture.Client(adminKey))
        {
            (await a.PostAsync("/v1/skills", SkillText.Markdown(SkillText.Of(name)))).EnsureSuccessStatusCode();
        }

        foreach (var role in new[] { "user", "auditor" })
        {
            var (_, key) = await admin.CreateKeyAsync(tenant, [role]);
            using var http = fixture.Client(key);
            await (await http.GetAsync("/v1/skills")).ExpectJsonAsync(HttpStatusCode.OK);
            await (await http.GetAsync($"/v1/skills/{name}")).ExpectJsonAsync(HttpStatusCode.OK);
            await (await http.GetAsync("/v1/persona")).ExpectJsonAsync(HttpStatusCode.OK);
            var other = SkillText.UniqueName();
            Assert.Equal("forbidden", await (await http.PostAsync("/v1/skills", SkillText.Markdown(SkillText.Of(other)))).ExpectErrorAsync(HttpStatusCode.Forbidden));
            Assert.Equal("forbidden", await (await http.PutAsync($"/v1/skills/{name}", SkillText.Markdown(SkillText.Of(name, "changed")))).ExpectErrorAsync(HttpStatusCode.Forbidden));
            Assert.Equal("forbidden", await (await http.DeleteAsync($"/v1/skills/{name}")).ExpectErrorAsync(HttpStatusCode.Forbidden));
            Assert.Equal("forbidden", await (await http.PutAsync("/v1/persona", SkillText.Markdown("You are someone else."))).ExpectErrorAsync(HttpStatusCode.Forbidden));
            Assert.DoesNotContain($"{tenant}/skills/{other}/SKILL.md", await fixture.KeysAsync(tenant));
        }

        var (_, operatorKey) = await admin.CreateKeyAsync(tenant, ["operator"]);
        using var op = fixture.Client(operatorKey);
        await (await op.PutAsync($"/v1/skills/{name}", SkillText.Markdown(SkillText.Of(name, "by the operator")))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await op.DeleteAsync($"/v1/skills/{name}")).StatusCode);
    }

    [Fact]
    public async Task ThePlatformAdminHasNoTenantAndSoNoSkills()
    {
        using var admin = fixture.Cluster.Admin();
        Assert.Equal("forbidden", await (await admin.GetAsync("/v1/skills")).ExpectErrorAsync(HttpStatusCode.Forbidden));
        Assert.Equal("forbidden", await (await admin.PostAsync("/v1/skills", SkillText.Markdown(SkillText.Of("x")))).ExpectErrorAsync(HttpStatusCode.Forbidden));
        Assert.Equal("forbidden", await (await admin.GetAsync("/v1/persona")).ExpectErrorAsync(HttpStatusCode.Forbidden));
        using var anonymous = fixture.Cluster.First.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/skills")).StatusCode);
    }

    [Fact]
    public async Task ReadinessReportsTheObjectStore()
    {
        using var http = fixture.Cluster.First.CreateClient();
        using var r = await http.GetAsync("/health/ready");
        var check = (await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("checks").GetProperty("object_store");
        Assert.Equal("ok", check.GetProperty("status").GetString());
    }

    private static async Task<List<System.Text.Json.JsonElement>> ListAllAsync(HttpClient http)
    {
        using var r = await http.GetAsync("/v1/skills?limit=500");
        return (await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray().ToList();
    }
}
