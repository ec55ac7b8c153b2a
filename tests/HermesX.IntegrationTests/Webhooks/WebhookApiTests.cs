using System.Net;
using System.Net.Http.Json;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Webhooks;

/// <summary>POST, GET and DELETE /v1/webhooks: validation, roles and tenant isolation.</summary>
[Collection(WebhookCollection.Name)]
public sealed class WebhookApiTests(WebhookFixture fixture)
{
    [Theory]
    [InlineData("""{"url":"http://127.0.0.1:9/hook","events":["response.completed","order.created"]}""", "events", "order.created")]
    [InlineData("""{"url":"http://127.0.0.1:9/hook","events":[]}""", "events", "must not be empty")]
    [InlineData("""{"url":"http://127.0.0.1:9/hook"}""", "events", "is required")]
    [InlineData("""{"events":["response.completed"]}""", "url", "is required")]
    [InlineData("""{"url":"ftp://example.com/hook","events":["response.completed"]}""", "url", "absolute https URL")]
    [InlineData("""{"url":"https://user:pw@example.com/hook","events":["response.completed"]}""", "url", "credentials")]
    [InlineData("""{"url":"http://127.0.0.1:9/hook","events":["response.completed"],"retries":3}""", null, "retries")]
    public async Task ABadRegistrationIsRefusedNamingTheFieldAndNothingIsStored(string json, string? param, string says)
    {
        var (_, key) = await fixture.Hooks.TenantAsync();
        using var http = fixture.Hooks.Cluster.First.CreateClient(key);
        using var response = await http.PostAsync("/v1/webhooks", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var error = (await response.ExpectJsonAsync(HttpStatusCode.BadRequest)).GetProperty("error");
        Assert.Contains(says, error.GetProperty("message").GetString());
        if (param is not null)
        {
            Assert.Equal(param, error.GetProperty("param").GetString());
        }
        var listed = await (await http.GetAsync("/v1/webhooks")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Empty(listed.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task ATenantCannotSeeListOrDeleteAnotherTenantsEndpoints()
    {
        var (_, keyA) = await fixture.Hooks.TenantAsync();
        var (tenantB, keyB) = await fixture.Hooks.TenantAsync();
        using var a = fixture.Hooks.Cluster.First.CreateClient(keyA);
        using var b = fixture.Hooks.Cluster.First.CreateClient(keyB);
        var (idA, _) = await WebhookCluster.RegisterAsync(a, "http://127.0.0.1:9/a", "response.completed");

        var listedB = await (await b.GetAsync("/v1/webhooks")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(idA, listedB.GetRawText());
        await (await b.DeleteAsync($"/v1/webhooks/{idA}")).ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await b.GetAsync($"/v1/webhooks/{idA}/deliveries")).ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await b.GetAsync($"/v1/webhooks?tenant_id={Uri.EscapeDataString("t-other")}")).ExpectErrorAsync(HttpStatusCode.NotFound);

        var listedA = await (await a.GetAsync("/v1/webhooks")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(idA, listedA.GetRawText());
        // The platform admin names the tenant.
        using var platform = fixture.Hooks.Cluster.Admin();
        var listedByPlatform = await (await platform.GetAsync($"/v1/webhooks?tenant_id={tenantB}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(idA, listedByPlatform.GetRawText());
    }

    [Fact]
    public async Task DeletingAnEndpointRemovesItAndItsDeliveries()
    {
        var (_, key) = await fixture.Hooks.TenantAsync();
        using var http = fixture.Hooks.Cluster.First.CreateClient(key);
        var (id, _) = await WebhookCluster.RegisterAsync(http, "http://127.0.0.1:9/gone", "budget.threshold_crossed");
        await WebhookCluster.CrossHalfTheBudgetAsync(http);
        await ApiHelpers.PollAsync(async () => (await WebhookCluster.DeliveriesAsync(http, id)).Count == 1, TimeSpan.FromSeconds(30), "a delivery queued");

        using (var deleted = await http.DeleteAsync($"/v1/webhooks/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
        await (await http.DeleteAsync($"/v1/webhooks/{id}")).ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await http.GetAsync($"/v1/webhooks/{id}/deliveries")).ExpectErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await fixture.Hooks.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = '{id}'"));
    }

    [Fact]
    public async Task OnlyTenantAdminsManageWebhooks()
    {
        var (tenant, _) = await fixture.Hooks.TenantAsync();
        using var admin = fixture.Hooks.Cluster.Admin();
        var (_, userKey) = await admin.CreateKeyAsync(tenant, ["user"]);
        using var user = fixture.Hooks.Cluster.First.CreateClient(userKey);
        await (await user.GetAsync("/v1/webhooks")).ExpectErrorAsync(HttpStatusCode.Forbidden);
        await (await user.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/x", events = new[] { "response.completed" } }))
            .ExpectErrorAsync(HttpStatusCode.Forbidden);
    }
}
