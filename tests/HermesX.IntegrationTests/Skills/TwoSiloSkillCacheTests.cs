using System.Net;
using HermesX.IntegrationTests.Chat;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Skills;

/// <summary>The skill index cache is one grain per tenant for the whole cluster, so an edit on one silo is seen on the other at once.</summary>
public sealed class TwoSiloSkillCacheTests : IAsyncLifetime
{
    private readonly string _bucket = S3TestEnvironment.NewBucket();
    private ChatCluster _chat = null!;

    public async Task InitializeAsync() => _chat = await ChatCluster.StartAsync(2, S3TestEnvironment.ProcessEnvironment(_bucket));

    public async Task DisposeAsync()
    {
        await _chat.DisposeAsync();
        using var store = HermesX.Testing.TestObjectStores.Minio(S3TestEnvironment.Options(_bucket));
        await store.DeletePrefixAsync("", CancellationToken.None);
    }

    [Fact]
    public async Task AnEditOnOneSiloIsListedByTheOtherRightAway()
    {
        var (_, key) = await _chat.TenantWithKeyAsync("admin");
        using var first = _chat.Cluster.Silos[0].CreateClient(key);
        using var second = _chat.Cluster.Silos[1].CreateClient(key);
        Assert.Contains("Triage a production incident", await DescriptionAsync(second, "incident-triage"));

        var marker = Guid.NewGuid().ToString("N")[..8];
        using (var put = await first.PutAsync("/v1/skills/incident-triage", SkillText.Markdown(SkillText.Of("incident-triage", $"Edited {marker}"))))
        {
            await put.ExpectJsonAsync(HttpStatusCode.OK);
        }

        Assert.Equal($"Edited {marker}", await DescriptionAsync(second, "incident-triage"));
    }

    private static async Task<string?> DescriptionAsync(HttpClient http, string name)
    {
        using var r = await http.GetAsync("/v1/skills?limit=500");
        return (await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == name).GetProperty("description").GetString();
    }
}
