using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Chat;

/// <summary>The notes the memory tool writes, listed and deleted through /v1/memories.</summary>
public sealed class MemoriesApiTests(ChatClusterFixture fixture) : IClassFixture<ChatClusterFixture>
{
    private ChatCluster Chat => fixture.Chat;

    [Fact]
    public async Task UsersSeeAndForgetTheirOwnNotesAndATenantAdminSeesEveryone()
    {
        using var platform = Chat.Cluster.Admin();
        var tenant = (await platform.CreateTenantAsync(extra: new { plan = "pro" })).GetProperty("id").GetString()!;
        var (_, alice) = await platform.CreateKeyAsync(tenant, ["user"]);
        var (_, bob) = await platform.CreateKeyAsync(tenant, ["user"]);
        var (_, admin) = await platform.CreateKeyAsync(tenant, ["admin"]);
        using var a = Chat.Cluster.First.CreateClient(alice);
        using var b = Chat.Cluster.First.CreateClient(bob);
        using var t = Chat.Cluster.First.CreateClient(admin);
        foreach (var (http, value) in new[] { (a, "blue"), (b, "green") })
        {
            var (r, _) = await ChatCluster.ChatAsync(http, $$"""call:memory {"action":"set","key":"color","value":"{{value}}"}""");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        var aliceId = await SubjectAsync(a);
        var bobId = await SubjectAsync(b);

        var own = await ListAsync(a, "/v1/memories");
        var note = Assert.Single(own);
        Assert.Equal(("color", "blue", aliceId), (note.GetProperty("key").GetString(), note.GetProperty("value").GetString(), note.GetProperty("user_id").GetString()));
        // A user naming another user still sees only its own notes.
        Assert.Equal("blue", Assert.Single(await ListAsync(a, $"/v1/memories?user_id={bobId}")).GetProperty("value").GetString());
        Assert.Equal(2, (await ListAsync(t, "/v1/memories")).Count);
        Assert.Equal("green", Assert.Single(await ListAsync(t, $"/v1/memories?user_id={bobId}")).GetProperty("value").GetString());

        using (var del = await a.DeleteAsync("/v1/memories/color"))
        {
            Assert.Equal(HttpStatusCode.NoContent, del.StatusCode);
        }
        using (var again = await a.DeleteAsync("/v1/memories/color"))
        {
            Assert.Equal("not_found", await again.ExpectErrorAsync(HttpStatusCode.NotFound));
        }
        Assert.Single(await ListAsync(b, "/v1/memories"));
        using (var byAdmin = await t.DeleteAsync($"/v1/memories/color?user_id={bobId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, byAdmin.StatusCode);
        }
        Assert.Empty(await ListAsync(t, "/v1/memories"));
        using var refused = await platform.GetAsync("/v1/memories");
        Assert.Equal("forbidden", await refused.ExpectErrorAsync(HttpStatusCode.Forbidden));
    }

    private static async Task<string> SubjectAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>("/v1/me")).GetProperty("identity").GetString()!;

    private static async Task<List<JsonElement>> ListAsync(HttpClient http, string path)
    {
        using var r = await http.GetAsync(path);
        return (await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray().ToList();
    }
}
