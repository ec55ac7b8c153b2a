using System.Net;
using System.Net.Http.Json;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Chat;

public sealed class SessionsApiTests(ChatClusterFixture fixture) : IClassFixture<ChatClusterFixture>
{
    private ChatCluster Chat => fixture.Chat;

    [Fact]
    public async Task SessionsAreListedReadAndDeletedWithTheirMessages()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        using (var created = await http.PostAsJsonAsync("/v1/sessions", new { id = "sess-crud", title = "planning" }))
        {
            Assert.Equal("planning", (await created.ExpectJsonAsync(HttpStatusCode.Created)).GetProperty("title").GetString());
        }
        await (await http.PostAsJsonAsync("/v1/sessions", new { id = "sess-crud" })).ExpectErrorAsync(HttpStatusCode.Conflict);
        await ChatCluster.ChatAsync(http, "first question", "sess-crud");
        await ChatCluster.ChatAsync(http, "second question", "sess-crud");

        using (var r = await http.GetAsync("/v1/sessions/sess-crud"))
        {
            Assert.Equal(4, (await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("message_count").GetInt32());
        }
        using (var r = await http.GetAsync("/v1/sessions/sess-crud/messages?limit=3"))
        {
            var page = await r.ExpectJsonAsync(HttpStatusCode.OK);
            Assert.True(page.GetProperty("has_more").GetBoolean());
            Assert.Equal(["user", "assistant", "user"], page.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
            Assert.Equal("first question", page.GetProperty("data")[0].GetProperty("content").GetString());
        }
        using (var r = await http.GetAsync("/v1/sessions"))
        {
            Assert.Contains((await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray(), s => s.GetProperty("id").GetString() == "sess-crud");
        }
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/v1/sessions/sess-crud")).StatusCode);
        await (await http.GetAsync("/v1/sessions/sess-crud")).ExpectErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM messages WHERE tenant_id = '{tenant}' AND session_id = 'sess-crud'"));

        // The id is free again and starts empty: the grain forgot its history too.
        var (again, body) = await ChatCluster.ChatAsync(http, "fresh start", "sess-crud");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        using var msgs = await http.GetAsync("/v1/sessions/sess-crud/messages");
        Assert.Equal(2, (await msgs.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task AnotherTenantsSessionsMessagesAndReceiptsAreInvisible()
    {
        var (_, keyA) = await Chat.TenantWithKeyAsync();
        var (_, keyB) = await Chat.TenantWithKeyAsync();
        using var a = Chat.Cluster.First.CreateClient(keyA);
        using var b = Chat.Cluster.First.CreateClient(keyB);
        await ChatCluster.ChatAsync(a, """call:calculator {"expression":"2*3"}""", "sess-private");
        using var receipts = await a.GetAsync("/v1/execution-receipts?session_id=sess-private");
        var receiptId = (await receipts.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data")[0].GetProperty("id").GetString();

        await (await b.GetAsync("/v1/sessions/sess-private")).ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await b.GetAsync("/v1/sessions/sess-private/messages")).ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await b.DeleteAsync("/v1/sessions/sess-private")).ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await b.GetAsync($"/v1/execution-receipts/{receiptId}")).ExpectErrorAsync(HttpStatusCode.NotFound);
        using var listB = await b.GetAsync("/v1/execution-receipts?session_id=sess-private");
        Assert.Equal(0, (await listB.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").GetArrayLength());

        // The same session id in tenant B is B's own, separate conversation.
        var (r, _) = await ChatCluster.ChatAsync(b, "hello from B", "sess-private");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var aMessages = await a.GetAsync("/v1/sessions/sess-private/messages");
        Assert.DoesNotContain("hello from B", await aMessages.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnotherUsersSessionIs404ButTheTenantAdminSeesIt()
    {
        using var admin = Chat.Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
        var (_, alice) = await admin.CreateKeyAsync(tenant, ["user"]);
        var (_, bob) = await admin.CreateKeyAsync(tenant, ["user"]);
        var (_, boss) = await admin.CreateKeyAsync(tenant, ["admin"]);
        using var a = Chat.Cluster.First.CreateClient(alice);
        using var b = Chat.Cluster.First.CreateClient(bob);
        using var boss2 = Chat.Cluster.First.CreateClient(boss);
        await ChatCluster.ChatAsync(a, "alice's secret", "sess-alice");

        await (await b.GetAsync("/v1/sessions/sess-alice")).ExpectErrorAsync(HttpStatusCode.NotFound);
        var (r, _) = await ChatCluster.ChatAsync(b, "let me in", "sess-alice");
        await r.ExpectErrorAsync(HttpStatusCode.NotFound);
        using var list = await b.GetAsync("/v1/sessions");
        Assert.DoesNotContain("sess-alice", await list.Content.ReadAsStringAsync());

        using var asAdmin = await boss2.GetAsync("/v1/sessions/sess-alice/messages");
        Assert.Contains("alice's secret", await asAdmin.Content.ReadAsStringAsync());
    }
}
