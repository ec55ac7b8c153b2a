using System.Net;
using System.Net.Http.Json;
using System.Text;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Skills;

/// <summary>Path traversal, bad names, bad documents and oversized bodies: 400/413/415 and nothing written.</summary>
public sealed class SkillValidationTests(SkillsFixture fixture) : IClassFixture<SkillsFixture>
{
    public static TheoryData<string, string> TraversalTargets() => new()
    {
        { "GET", "/v1/skills/.." },
        { "GET", "/v1/skills/%2e%2e" },
        { "GET", "/v1/skills/%2E%2E/api-keys" },
        { "GET", "/v1/skills/ok/../../api-keys" },
        { "GET", "/v1/skills/..%2f..%2fSOUL.md" },
        { "GET", "/v1/skills/%2e%2e%2f%2e%2e%2fSOUL.md" },
        { "GET", "/v1/skills/%252e%252e%252fSOUL.md" },
        { "GET", "/v1/skills/a%2fb" },
        { "GET", "/v1/skills/a%5cb" },
        { "GET", "/v1/skills/a%00b" },
        { "GET", "/v1/skills/Upper" },
        { "GET", "/v1/skills/-leading" },
        { "GET", "/v1/skills/dotted.name" },
        { "GET", "/v1/skills/%20" },
        { "GET", "/v1/skills/" + new string('a', 65) },
        { "PUT", "/v1/skills/" },
        { "PUT", "/v1/skills/.." },
        { "PUT", "/v1/skills/%2e%2e" },
        { "PUT", "/v1/skills/..%2fSOUL.md" },
        { "PUT", "/v1/skills/x/../../persona" },
        { "PUT", "/v1/skills/x%2f..%2f..%2fother-tenant" },
        { "PUT", "/v1/skills/x%5c..%5cevil" },
        { "PUT", "/v1/skills/" + new string('b', 65) },
        { "DELETE", "/v1/skills/" },
        { "DELETE", "/v1/skills/%2e%2e" },
        { "DELETE", "/v1/skills/..%2F..%2FSOUL.md" },
        { "POST", "/v1/skills/%2e%2e/" },
    };

    [Theory]
    [MemberData(nameof(TraversalTargets))]
    public async Task PathsThatAreNotAPlainSkillNameAre400AndWriteNothing(string method, string target)
    {
        var (tenant, key) = await fixture.TenantAsync();
        var before = await fixture.KeysAsync(tenant);
        var body = method is "PUT" or "POST" ? SkillText.Of("x") : null;

        var reply = await RawHttp.SendAsync(fixture.Cluster.First.BaseAddress, method, target, key, body);

        Assert.True(reply.Status == 400, $"{method} {target}: expected 400, got {reply.Status}: {reply.Body}");
        if (reply.Body.Length > 0)
        {
            Assert.Equal("invalid_skill_name", reply.Json.GetProperty("error").GetProperty("code").GetString());
        }
        Assert.Equal(before, await fixture.KeysAsync(tenant));
    }

    public static TheoryData<string, string> InvalidDocuments() => new()
    {
        { "no front matter", "just some markdown\n" },
        { "unclosed front matter", "---\nname: a\ndescription: b\nbody\n" },
        { "invalid YAML", "---\nname: [unclosed\ndescription: b\n---\nbody\n" },
        { "front matter not a mapping", "---\n- a\n- b\n---\nbody\n" },
        { "name missing", "---\ndescription: b\n---\nbody\n" },
        { "description missing", "---\nname: {NAME}\n---\nbody\n" },
        { "description empty", "---\nname: {NAME}\ndescription: \"  \"\n---\nbody\n" },
        { "name is a list", "---\nname: [a]\ndescription: b\n---\nbody\n" },
        { "traversal in name", "---\nname: ../../{NAME}\ndescription: b\n---\nbody\n" },
        { "slash in name", "---\nname: a/{NAME}\ndescription: b\n---\nbody\n" },
        { "backslash in name", "---\nname: a\\{NAME}\ndescription: b\n---\nbody\n" },
        { "empty name", "---\nname: \"\"\ndescription: b\n---\nbody\n" },
        { "name too long", "---\nname: " + new string('n', 65) + "\ndescription: b\n---\nbody\n" },
        { "tags not a list", "---\nname: {NAME}\ndescription: b\ntags: one, two\n---\nbody\n" },
        { "tags of mappings", "---\nname: {NAME}\ndescription: b\ntags: [{a: 1}]\n---\nbody\n" },
        { "description too long", "---\nname: {NAME}\ndescription: " + new string('d', 1025) + "\n---\nbody\n" },
        { "empty body", "---\nname: {NAME}\ndescription: b\n---\n  \n" },
    };

    [Theory]
    [MemberData(nameof(InvalidDocuments))]
    public async Task InvalidSkillDocumentsAre400AndWriteNothing(string why, string template)
    {
        var (tenant, key) = await fixture.TenantAsync();
        using var http = fixture.Client(key);
        var name = SkillText.UniqueName();
        var text = template.Replace("{NAME}", name);
        var before = await fixture.KeysAsync(tenant);

        using var post = await http.PostAsync("/v1/skills", SkillText.Markdown(text));
        Assert.True(post.StatusCode == HttpStatusCode.BadRequest, $"{why}: POST gave {(int)post.StatusCode}");
        await post.ExpectErrorAsync(HttpStatusCode.BadRequest);
        using var put = await http.PutAsync($"/v1/skills/{name}", SkillText.Markdown(text));
        await put.ExpectErrorAsync(HttpStatusCode.BadRequest);
        using var json = await http.PutAsJsonAsync($"/v1/skills/{name}", new { content = text });
        await json.ExpectErrorAsync(HttpStatusCode.BadRequest);

        Assert.Equal(before, await fixture.KeysAsync(tenant));
    }

    [Fact]
    public async Task AFrontMatterNameOtherThanThePathsIs400()
    {
        var (tenant, key) = await fixture.TenantAsync();
        using var http = fixture.Client(key);
        var before = await fixture.KeysAsync(tenant);
        using var put = await http.PutAsync("/v1/skills/one-name", SkillText.Markdown(SkillText.Of("another-name")));
        Assert.Equal("invalid_skill", await put.ExpectErrorAsync(HttpStatusCode.BadRequest));
        Assert.Equal(before, await fixture.KeysAsync(tenant));
    }

    [Fact]
    public async Task ASkillOverTheSizeCapIs413AndWritesNothing()
    {
        var (tenant, key) = await fixture.TenantAsync();
        using var http = fixture.Client(key);
        var name = SkillText.UniqueName();
        var before = await fixture.KeysAsync(tenant);
        var huge = SkillText.Of(name, body: new string('x', 64 * 1024));

        using var post = await http.PostAsync("/v1/skills", SkillText.Markdown(huge));
        Assert.Equal("content_too_large", await post.ExpectErrorAsync(HttpStatusCode.RequestEntityTooLarge));
        using var json = await http.PutAsJsonAsync($"/v1/skills/{name}", new { content = huge });
        Assert.Equal("content_too_large", await json.ExpectErrorAsync(HttpStatusCode.RequestEntityTooLarge));
        Assert.Equal(before, await fixture.KeysAsync(tenant));

        // Just under the cap is fine.
        var fits = SkillText.Of(name, body: new string('x', 60 * 1024));
        await (await http.PutAsync($"/v1/skills/{name}", SkillText.Markdown(fits))).ExpectJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task OtherContentTypesAre415AndMalformedJsonIs400()
    {
        var (tenant, key) = await fixture.TenantAsync();
        using var http = fixture.Client(key);
        var name = SkillText.UniqueName();
        var before = await fixture.KeysAsync(tenant);
        using var xml = await http.PutAsync($"/v1/skills/{name}", new StringContent(SkillText.Of(name), Encoding.UTF8, "application/xml"));
        Assert.Equal("unsupported_media_type", await xml.ExpectErrorAsync(HttpStatusCode.UnsupportedMediaType));
        using var bad = await http.PutAsync($"/v1/skills/{name}", new StringContent("{\"content\": ", Encoding.UTF8, "application/json"));
        Assert.Equal("invalid_json", await bad.ExpectErrorAsync(HttpStatusCode.BadRequest));
        using var unknownField = await http.PutAsync($"/v1/skills/{name}", new StringContent("{\"text\": \"x\"}", Encoding.UTF8, "application/json"));
        await unknownField.ExpectErrorAsync(HttpStatusCode.BadRequest);
        using var missing = await http.PutAsync($"/v1/skills/{name}", new StringContent("{}", Encoding.UTF8, "application/json"));
        await missing.ExpectErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, await fixture.KeysAsync(tenant));
    }

    [Fact]
    public async Task ThePersonaIsReadAndReplacedAndValidated()
    {
        var (tenant, key) = await fixture.TenantAsync();
        using var http = fixture.Client(key);
        using var initial = await http.GetAsync("/v1/persona");
        Assert.Equal(new HermesX.Grains.Skills.BundledSkills().Persona, (await initial.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("content").GetString());

        using var put = await http.PutAsync("/v1/persona", SkillText.Markdown("You are Ada, the tenant's terse assistant."));
        Assert.Equal("You are Ada, the tenant's terse assistant.", (await put.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("content").GetString());
        using var got = await http.GetAsync("/v1/persona");
        var persona = await got.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("You are Ada, the tenant's terse assistant.", persona.GetProperty("content").GetString());
        Assert.True(persona.TryGetProperty("updated_at", out _));
        using var viaJson = await http.PutAsJsonAsync("/v1/persona", new { content = "You are Grace." });
        await viaJson.ExpectJsonAsync(HttpStatusCode.OK);

        var stored = await fixture.Store.GetAsync($"{tenant}/SOUL.md", CancellationToken.None);
        Assert.Equal("You are Grace.", stored?.Content);
        Assert.Equal("invalid_persona", await (await http.PutAsync("/v1/persona", SkillText.Markdown("   "))).ExpectErrorAsync(HttpStatusCode.BadRequest));
        Assert.Equal("content_too_large", await (await http.PutAsync("/v1/persona", SkillText.Markdown(new string('p', 17 * 1024)))).ExpectErrorAsync(HttpStatusCode.RequestEntityTooLarge));
        Assert.Equal("You are Grace.", (await fixture.Store.GetAsync($"{tenant}/SOUL.md", CancellationToken.None))?.Content);
    }
}
