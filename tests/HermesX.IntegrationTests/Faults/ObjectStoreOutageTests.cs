using System.Net;
using HermesX.IntegrationTests.Skills;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Faults;

/// <summary>A silo that reaches the S3 test server through a proxy the test can cut.</summary>
public sealed class ObjectStoreProxyFixture : SkillsFixture
{
    public TcpProxy Proxy { get; } = TcpProxy.Start(int.Parse(S3TestEnvironment.Options("unused").Endpoint!.Split(':')[^1]));

    protected override void Configure(Dictionary<string, string> environment) =>
        environment["MINIO_ENDPOINT"] = $"127.0.0.1:{Proxy.Port}";

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Proxy.DisposeAsync();
    }
}

/// <summary>The object store down: chat goes on with the cached skill index, readiness says degraded, skill writes answer 503.</summary>
public sealed class ObjectStoreOutageTests(ObjectStoreProxyFixture fixture) : IClassFixture<ObjectStoreProxyFixture>
{
    [Fact]
    public async Task ChatGoesOnWritesAnswer503AndReadinessIsDegradedUntilItIsBack()
    {
        var (_, key) = await fixture.TenantAsync();
        using var http = fixture.Client(key);
        var name = SkillText.UniqueName("runbook");
        using (var put = await http.PostAsync("/v1/skills", SkillText.Markdown(SkillText.Of(name, "Before the outage"))))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }
        Assert.Contains($"- {name}: Before the outage", await SystemPromptOfTurnAsync(http));

        await fixture.Proxy.CutAsync();
        try
        {
            // The skill index this silo cached still answers every turn.
            Assert.Contains($"- {name}: Before the outage", await SystemPromptOfTurnAsync(http));
            var ready = await ReadinessAsync();
            Assert.Equal(HttpStatusCode.OK, ready.Status);
            Assert.Equal("degraded", ready.Overall);
            Assert.Equal("degraded", ready.ObjectStore);
            using var write = await http.PutAsync($"/v1/skills/{name}", SkillText.Markdown(SkillText.Of(name, "During the outage")));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
        }
        finally
        {
            fixture.Proxy.Restore();
        }

        // Back by itself: writes work again and readiness is clean.
        await ApiHelpers.PollAsync(async () => (await ReadinessAsync()).Overall == "ready", TimeSpan.FromSeconds(30), "readiness ready again");
        using (var write = await http.PutAsync($"/v1/skills/{name}", SkillText.Markdown(SkillText.Of(name, "After the outage"))))
        {
            Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        }
        Assert.Contains($"- {name}: After the outage", await SystemPromptOfTurnAsync(http));
    }

    private async Task<(HttpStatusCode Status, string? Overall, string? ObjectStore)> ReadinessAsync()
    {
        using var anonymous = fixture.Cluster.First.CreateClient();
        using var r = await anonymous.GetAsync("/health/ready");
        var body = System.Text.Json.JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        return (r.StatusCode, body.GetProperty("status").GetString(), body.GetProperty("checks").GetProperty("object_store").GetProperty("status").GetString());
    }

    private async Task<string> SystemPromptOfTurnAsync(HttpClient http)
    {
        var text = "hello " + Guid.NewGuid().ToString("N");
        var (r, _) = await Chat.ChatCluster.ChatAsync(http, text);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var request = fixture.Chat.Llm.Requests.Last(q => q.Body.Contains(text, StringComparison.Ordinal));
        var messages = request.Json()!["messages"]!.AsArray();
        return string.Join("\n", messages.Where(m => (string?)m!["role"] is "system" or "developer").Select(m => m!["content"]!.ToString()));
    }
}
