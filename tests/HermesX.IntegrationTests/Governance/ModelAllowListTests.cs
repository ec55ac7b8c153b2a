using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HermesX.Testing;
using static HermesX.IntegrationTests.Governance.ModelAllowListFixture;

namespace HermesX.IntegrationTests.Governance;

/// <summary>A tenant's and an API key's model allow-lists, on every endpoint that calls a model and on <c>GET /v1/models</c>.</summary>
[Collection(ModelAllowListCollection.Name)]
public sealed class ModelAllowListTests(ModelAllowListFixture fixture)
{
    private HermesCluster Cluster => fixture.Chat.Cluster;

    [Fact]
    public async Task ATenantsListRefusesOtherModelsOnEveryEndpointAndServesThoseItMatches()
    {
        var (tenant, _, key) = await fixture.TenantAndKeyAsync(tenant: new { models = new[] { "fake-gpt*" } });
        using var http = Cluster.First.CreateClient(key);
        using (var admin = Cluster.Admin())
        using (var r = await admin.GetAsync($"/v1/tenants/{tenant}"))
        {
            Assert.Equal(["fake-gpt*"], (await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        }
        // The pattern admits both models whose id starts with fake-gpt.
        await AssertEveryEndpointAsync(http, [Other], (http, Default), (http, Mini));
    }

    [Fact]
    public async Task AKeysListRefusesOtherModelsOnEveryEndpointWhileTheTenantsOtherKeysMayCallThem()
    {
        var (tenant, _, limited) = await fixture.TenantAndKeyAsync(key: new { models = new[] { Other } });
        using var admin = Cluster.Admin();
        var (_, unlimited) = await admin.CreateKeyAsync(tenant, ["user"]);
        using var viaLimited = Cluster.First.CreateClient(limited);
        using var viaUnlimited = Cluster.First.CreateClient(unlimited);
        await AssertEveryEndpointAsync(viaLimited, [Default, Mini], (viaLimited, Other), (viaUnlimited, Default));
    }

    /// <summary>
    /// Every endpoint refuses each of <paramref name="refused"/> to <paramref name="http"/> before the
    /// model is called, and answers each of <paramref name="served"/>.
    /// </summary>
    private async Task AssertEveryEndpointAsync(HttpClient http, string[] refused, params (HttpClient Http, string Model)[] served)
    {
        var calls = fixture.Chat.Llm.Requests.Count;
        foreach (var endpoint in Endpoints)
        {
            foreach (var model in refused)
            {
                AssertRefused(endpoint, model, await TurnAsync(http, endpoint, model));
            }
        }
        Assert.Equal(calls, fixture.Chat.Llm.Requests.Count);
        foreach (var endpoint in Endpoints)
        {
            foreach (var (client, model) in served)
            {
                AssertServed(endpoint, model, await TurnAsync(client, endpoint, model));
            }
        }
    }

    [Fact]
    public async Task AModelMustPassBothTheTenantsAndTheKeysList()
    {
        var (_, _, key) = await fixture.TenantAndKeyAsync(tenant: new { models = new[] { "*-model", Mini } }, key: new { models = new[] { "*model*", Default } });
        using var http = Cluster.First.CreateClient(key);
        AssertServed("chat", Other, await TurnAsync(http, "chat", Other));
        // Allowed by the tenant, not by the key.
        AssertRefused("chat", Mini, await TurnAsync(http, "chat", Mini));
        // Allowed by the key, not by the tenant.
        AssertRefused("chat", Default, await TurnAsync(http, "chat", Default));
        Assert.Equal([Other], await ListedAsync(http));
    }

    [Fact]
    public async Task ModelsListsOnlyWhatTheCallerMayUse()
    {
        var (_, _, tenantLimited) = await fixture.TenantAndKeyAsync(tenant: new { models = new[] { "FAKE-GPT" } });
        using (var http = Cluster.First.CreateClient(tenantLimited))
        {
            // Ids match in any case, as the catalog looks them up.
            Assert.Equal([Default], await ListedAsync(http));
            using var hidden = await http.GetAsync($"/v1/models/{Other}");
            Assert.Equal("model_not_found", await hidden.ExpectErrorAsync(HttpStatusCode.NotFound));
            using var shown = await http.GetAsync($"/v1/models/{Default}");
            Assert.Equal(Default, (await shown.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("id").GetString());
        }

        var (_, _, keyLimited) = await fixture.TenantAndKeyAsync(key: new { models = new[] { "fake-gpt-*", Other } });
        using (var http = Cluster.First.CreateClient(keyLimited))
        {
            Assert.Equal(new[] { Mini, Other }.Order(), await ListedAsync(http));
        }

        var (_, _, unlimited) = await fixture.TenantAndKeyAsync();
        using (var http = Cluster.First.CreateClient(unlimited))
        {
            Assert.Equal(All.Order(), await ListedAsync(http));
        }
        using (var admin = Cluster.Admin())
        {
            Assert.Equal(All.Order(), await ListedAsync(admin));
        }
    }

    [Fact]
    public async Task ChangingAKeysOrATenantsListTakesEffectOnEverySiloAtOnce()
    {
        var (tenant, keyId, key) = await fixture.TenantAndKeyAsync(key: new { models = new[] { Default } });
        using var viaFirst = Cluster.Silos[0].CreateClient(key);
        using var viaSecond = Cluster.Silos[1].CreateClient(key);
        using var admin = Cluster.Admin(0);
        // Both silos hold the key's resolution and the tenant in their caches.
        AssertServed("chat", Default, await TurnAsync(viaFirst, "chat", Default));
        AssertServed("chat", Default, await TurnAsync(viaSecond, "chat", Default));
        Assert.Equal([Default], await ListedAsync(viaSecond));

        using (var r = await admin.PatchAsJsonAsync($"/v1/api-keys/{keyId}?tenant_id={tenant}", new { models = new[] { Other } }))
        {
            var json = await r.ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal([Other], json.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        }
        // The change is pushed to every silo before it is acknowledged: no waiting.
        foreach (var http in new[] { viaFirst, viaSecond })
        {
            AssertRefused("chat", Default, await TurnAsync(http, "chat", Default));
            AssertServed("chat", Other, await TurnAsync(http, "chat", Other));
        }
        Assert.Equal([Other], await ListedAsync(viaSecond));

        using (var r = await admin.PatchAsJsonAsync($"/v1/tenants/{tenant}", new { models = new[] { Default } }))
        {
            Assert.Equal([Default], (await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        }
        AssertRefused("chat", Other, await TurnAsync(viaSecond, "chat", Other));
        Assert.Empty(await ListedAsync(viaSecond));

        // null lifts each limit; a PATCH without models leaves the tenant's as it is.
        using (var r = await admin.PatchAsJsonAsync($"/v1/api-keys/{keyId}?tenant_id={tenant}", new { models = (string[]?)null }))
        {
            Assert.Equal(JsonValueKind.Null, (await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("models").ValueKind);
        }
        using (var r = await admin.PatchAsJsonAsync($"/v1/tenants/{tenant}", new { max_sessions = 50 }))
        {
            Assert.Equal([Default], (await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        }
        AssertServed("chat", Default, await TurnAsync(viaSecond, "chat", Default));
        AssertRefused("chat", Other, await TurnAsync(viaSecond, "chat", Other));
        using (var r = await admin.PatchAsync($"/v1/tenants/{tenant}", JsonContent.Create(new Dictionary<string, object?> { ["models"] = null })))
        {
            Assert.Equal(JsonValueKind.Null, (await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("models").ValueKind);
        }
        AssertServed("chat", Other, await TurnAsync(viaSecond, "chat", Other));
        Assert.Equal(All.Order(), await ListedAsync(viaSecond));
    }

    [Fact]
    public async Task KeysShowTheirListAndARotatedKeyKeepsIt()
    {
        var (tenant, keyId, _) = await fixture.TenantAndKeyAsync(key: new { models = new[] { Mini } });
        using var admin = Cluster.Admin();
        using (var r = await admin.GetAsync($"/admin/v1/tenants/{tenant}/api-keys"))
        {
            var keys = (await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray().ToList();
            Assert.Equal([Mini], keys.Single().GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        }
        using var rotated = await admin.PostAsync($"/admin/v1/tenants/{tenant}/api-keys/{keyId}/rotate", null);
        var json = await rotated.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal([Mini], json.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        using var http = Cluster.First.CreateClient(json.GetProperty("key").GetString()!);
        AssertRefused("chat", Default, await TurnAsync(http, "chat", Default));
        AssertServed("chat", Mini, await TurnAsync(http, "chat", Mini));
    }

    [Fact]
    public async Task AKeyLimitedToSomeModelsCannotGiveAKeyMore()
    {
        var (tenant, ownId, own) = await fixture.TenantAndKeyAsync(key: new { models = new[] { "fake-gpt*" } }, role: "admin");
        using var http = Cluster.First.CreateClient(own);
        foreach (var models in new object?[] { null, new[] { Other }, new[] { "*" } })
        {
            using var r = await http.PostAsJsonAsync("/v1/api-keys", new { name = "wider", roles = new[] { "user" }, models });
            Assert.Equal("forbidden", await r.ExpectErrorAsync(HttpStatusCode.Forbidden));
        }
        // Nor lift its own limit.
        using (var r = await http.PatchAsJsonAsync($"/v1/api-keys/{ownId}", new { models = (string[]?)null }))
        {
            Assert.Equal("forbidden", await r.ExpectErrorAsync(HttpStatusCode.Forbidden));
        }
        using (var r = await http.PostAsJsonAsync("/v1/api-keys", new { name = "narrower", roles = new[] { "user" }, models = new[] { "fake-gpt-m*" } }))
        {
            Assert.Equal(["fake-gpt-m*"], (await r.ExpectJsonAsync(HttpStatusCode.Created)).GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        }
        using var admin = Cluster.Admin();
        using var list = await admin.GetAsync($"/admin/v1/tenants/{tenant}/api-keys");
        Assert.Equal(2, (await list.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").GetArrayLength());
    }

    public static TheoryData<string> InvalidModels => new()
    {
        "[]",
        "\"fake-gpt\"",
        "[\"\"]",
        "[\" fake-gpt\"]",
        "[null]",
        "[42]",
        "{\"id\":\"fake-gpt\"}",
        $"[\"{new string('m', 201)}\"]",
        JsonSerializer.Serialize(Enumerable.Range(0, 101).Select(i => $"model-{i}")),
    };

    [Theory]
    [MemberData(nameof(InvalidModels))]
    public async Task InvalidModelsAreRefusedNamingTheFieldAndChangeNothing(string models)
    {
        var (tenant, keyId, _) = await fixture.TenantAndKeyAsync(tenant: new { models = new[] { Default } }, key: new { models = new[] { Mini } });
        using var admin = Cluster.Admin();
        var newTenant = "allow-" + Guid.NewGuid().ToString("N")[..12];

        await ExpectInvalidAsync(admin, HttpMethod.Post, "/v1/tenants", $$"""{"id":"{{newTenant}}","name":"n","models":{{models}}}""");
        using (var r = await admin.GetAsync($"/v1/tenants/{newTenant}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        }
        await ExpectInvalidAsync(admin, HttpMethod.Patch, $"/v1/tenants/{tenant}", $$"""{"max_sessions":3,"models":{{models}}}""");
        await ExpectInvalidAsync(admin, HttpMethod.Post, $"/admin/v1/tenants/{tenant}/api-keys", $$"""{"name":"n","roles":["user"],"models":{{models}}}""");
        await ExpectInvalidAsync(admin, HttpMethod.Patch, $"/admin/v1/tenants/{tenant}/api-keys/{keyId}", $$"""{"models":{{models}}}""");

        using (var r = await admin.GetAsync($"/v1/tenants/{tenant}"))
        {
            var json = await r.ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal([Default], json.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
            Assert.NotEqual(3, json.GetProperty("max_sessions").GetInt32());
        }
        using (var r = await admin.GetAsync($"/admin/v1/tenants/{tenant}/api-keys"))
        {
            var key = (await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray().Single();
            Assert.Equal([Mini], key.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        }
    }

    [Fact]
    public async Task AKeyUpdateMustNameModels()
    {
        var (tenant, keyId, _) = await fixture.TenantAndKeyAsync(key: new { models = new[] { Mini } });
        using var admin = Cluster.Admin();
        await ExpectInvalidAsync(admin, HttpMethod.Patch, $"/v1/api-keys/{keyId}?tenant_id={tenant}", "{}");
        using var unknown = await admin.PatchAsJsonAsync($"/v1/api-keys/key_missing?tenant_id={tenant}", new { models = new[] { Mini } });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static async Task ExpectInvalidAsync(HttpClient http, HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        using var r = await http.SendAsync(request);
        var body = await r.ExpectJsonAsync(HttpStatusCode.BadRequest);
        Assert.True(body.GetProperty("error").GetProperty("param").GetString() == "models", $"{method} {path}: {body}");
    }
}
