using HermesX.IntegrationTests.Chat;

namespace HermesX.IntegrationTests.Clients;

/// <summary>
/// A client generated from the served /v1/openapi (openapi-typescript, openapi-fetch; tests/clients),
/// checked by tsc in strict mode, calling a running silo.
/// </summary>
public sealed class OpenApiNodeClientTests(ChatClusterFixture fixture) : IClassFixture<ChatClusterFixture>
{
    [Fact]
    public async Task AGeneratedTypedClientCompilesAndCallsTheApi()
    {
        var (tenant, key) = await fixture.Chat.TenantWithKeyAsync();
        var result = (await NodeScript.ClientAsync("openapi-client.mjs", fixture.Chat.Cluster.First.BaseAddress, key, ChatCluster.Model)).Result();

        Assert.Contains(ChatCluster.Model, result.GetProperty("modelIds").EnumerateArray().Select(m => m.GetString()));
        Assert.StartsWith("typed ", result.GetProperty("createdTitle").GetString());
        Assert.Equal(ChatCluster.Model, result.GetProperty("createdModel").GetString());
        Assert.Equal(1, result.GetProperty("pageLimit").GetInt32());
        Assert.Equal(1, result.GetProperty("pageCount").GetInt32());
        Assert.True(result.GetProperty("pageHasMore").GetBoolean());
        Assert.Equal(404, result.GetProperty("notFoundStatus").GetInt32());
        Assert.Equal("not_found", result.GetProperty("notFoundCode").GetString());
        Assert.Equal("No session 'sess_does_not_exist'", result.GetProperty("notFoundMessage").GetString());
        Assert.Equal(400, result.GetProperty("badPageStatus").GetInt32());
        Assert.Equal("limit", result.GetProperty("badPageParam").GetString());
        Assert.Equal(tenant, result.GetProperty("meTenant").GetString());
    }
}
