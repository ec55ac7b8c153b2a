using System.Net;
using HermesX.Grains.Skills;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Skills;

/// <summary>Bundled skills and the default persona reach new tenants, and never overwrite a tenant's own.</summary>
public sealed class SkillProvisioningTests(SkillsFixture fixture) : IClassFixture<SkillsFixture>
{
    private static readonly BundledSkills Bundled = new();

    [Fact]
    public async Task ANewTenantGetsTheBundledSkillsAndPersona()
    {
        var (tenant, key) = await fixture.TenantAsync("user");
        var keys = await fixture.KeysAsync(tenant);
        Assert.True(Bundled.Objects.Count >= 4);
        Assert.All(Bundled.Objects, o => Assert.Contains($"{tenant}/{o.RelativeKey}", keys));
        Assert.Contains($"{tenant}/SOUL.md", keys);

        using var http = fixture.Client(key);
        using var list = await http.GetAsync("/v1/skills");
        var names = (await list.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.All(Bundled.SkillNames, n => Assert.Contains(n, names));
        using var triage = await http.GetAsync("/v1/skills/incident-triage");
        Assert.Contains("Stabilize before diagnosing", (await triage.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("body").GetString());
    }

    [Fact]
    public async Task ProvisioningNeverOverwritesWhatTheTenantAlreadyHas()
    {
        // The tenant's own objects exist before it is created (as after a restore): they must survive.
        var tenant = "prov-" + Guid.NewGuid().ToString("N")[..10];
        var own = SkillText.Of("incident-triage", "Our own incident process", "Page the on-call lead first.");
        await fixture.Store.PutAsync($"{tenant}/skills/incident-triage/SKILL.md", own, SkillStore.MarkdownType, CancellationToken.None);
        await fixture.Store.PutAsync($"{tenant}/SOUL.md", "You are Tess.", SkillStore.MarkdownType, CancellationToken.None);

        using var admin = fixture.Cluster.Admin();
        await admin.CreateTenantAsync(extra: new { id = tenant });

        Assert.Equal(own, (await fixture.Store.GetAsync($"{tenant}/skills/incident-triage/SKILL.md", CancellationToken.None))?.Content);
        Assert.Equal("You are Tess.", (await fixture.Store.GetAsync($"{tenant}/SOUL.md", CancellationToken.None))?.Content);
        var keys = await fixture.KeysAsync(tenant);
        Assert.All(Bundled.Objects, o => Assert.Contains($"{tenant}/{o.RelativeKey}", keys));

        // Running provisioning again (a second silo, a retry) changes nothing either.
        Assert.Equal(0, await fixture.Skills.ProvisionAsync(tenant, CancellationToken.None));
        Assert.Equal(own, (await fixture.Store.GetAsync($"{tenant}/skills/incident-triage/SKILL.md", CancellationToken.None))?.Content);
    }

    [Fact]
    public async Task ADeletedBundledSkillStaysDeleted()
    {
        var (tenant, key) = await fixture.TenantAsync();
        using var http = fixture.Client(key);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/v1/skills/code-review")).StatusCode);
        using var list = await http.GetAsync("/v1/skills");
        Assert.DoesNotContain((await list.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray(),
            s => s.GetProperty("name").GetString() == "code-review");
        Assert.DoesNotContain($"{tenant}/skills/code-review/SKILL.md", await fixture.KeysAsync(tenant));
    }

    [Fact]
    public async Task ATenantThatWasNeverProvisionedIsProvisionedOnFirstUse()
    {
        var (tenant, key) = await fixture.TenantAsync();
        // As if the tenant predates skills, or its creation met an object store outage.
        await fixture.Store.DeletePrefixAsync(tenant + "/", CancellationToken.None);
        Assert.Empty(await fixture.KeysAsync(tenant));

        using var http = fixture.Client(key);
        using var list = await http.GetAsync("/v1/skills");
        var names = (await list.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.All(Bundled.SkillNames, n => Assert.Contains(n, names));
        Assert.Contains($"{tenant}/SOUL.md", await fixture.KeysAsync(tenant));
    }

    [Fact]
    public async Task BootstrapProvisionsTheDefaultTenant()
    {
        using var admin = fixture.Cluster.Admin();
        using var r = await admin.PostAsync("/admin/v1/bootstrap", null);
        var body = await r.ExpectJsonAsync(HttpStatusCode.Created);
        var key = body.GetProperty("api_key").GetProperty("key").GetString()!;

        var keys = await fixture.KeysAsync("default");
        Assert.All(Bundled.Objects, o => Assert.Contains($"default/{o.RelativeKey}", keys));
        using var http = fixture.Client(key);
        using var persona = await http.GetAsync("/v1/persona");
        Assert.Equal(Bundled.Persona, (await persona.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("content").GetString());
    }
}
