using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Chat;

/// <summary>Idempotency-Key on chat turns: a resend is answered from what the first send committed.</summary>
public sealed class IdempotencyTests(ChatClusterFixture fixture) : IClassFixture<ChatClusterFixture>
{
    private const string SessionHeader = "X-Hermes-Session-Id";

    private ChatCluster Chat => fixture.Chat;

    private static async Task<(HttpResponseMessage Response, string Body)> SendAsync(HttpClient http, string text, string? key, bool stream = false, string? session = null)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = ChatCluster.Model, stream, messages = new[] { new { role = "user", content = text } } }),
        };
        if (key is not null)
        {
            req.Headers.Add("Idempotency-Key", key);
        }
        if (session is not null)
        {
            req.Headers.Add(SessionHeader, session);
        }
        var response = await http.SendAsync(req);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private static string Header(HttpResponseMessage r, string name) => r.Headers.TryGetValues(name, out var v) ? string.Join(",", v) : "";

    [Fact]
    public async Task TheSameKeyTwiceCallsTheModelOnceAndStoresOneTurn()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var idem = "order-" + Guid.NewGuid().ToString("N");
        var before = Chat.Llm.RequestCount;

        var (first, firstBody) = await SendAsync(http, "book the table", idem);
        var (second, secondBody) = await SendAsync(http, "book the table", idem);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, Chat.Llm.RequestCount - before);
        Assert.Equal("", Header(first, "Idempotent-Replayed"));
        Assert.Equal("true", Header(second, "Idempotent-Replayed"));
        var session = Header(first, SessionHeader);
        Assert.Equal(session, Header(second, SessionHeader));
        Assert.Equal(Content(firstBody), Content(secondBody));
        Assert.Equal("Fake reply to: book the table", Content(secondBody));

        Assert.Equal(2L, await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM messages WHERE tenant_id = '{tenant}' AND session_id = '{session}'"));
        // Usage rows are written in the background: wait for the first, then make sure no second follows.
        await ApiHelpers.PollAsync(async () => await UsageRowsAsync(tenant) >= 1, TimeSpan.FromSeconds(10), "the turn's usage record");
        await Task.Delay(500);
        Assert.Equal(1L, await UsageRowsAsync(tenant));
    }

    [Fact]
    public async Task AStreamedResendGetsTheStoredAnswer()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var idem = "stream-" + Guid.NewGuid().ToString("N");
        var before = Chat.Llm.RequestCount;

        var (first, _) = await SendAsync(http, "stream me once", idem, stream: true);
        var (again, body) = await SendAsync(http, "stream me once", idem, stream: true);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, Chat.Llm.RequestCount - before);
        Assert.Equal("true", Header(again, "Idempotent-Replayed"));
        var text = string.Concat(body.Split('\n').Where(l => l.StartsWith("data: {", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l["data: ".Length..]).RootElement.GetProperty("choices"))
            .Where(c => c.GetArrayLength() > 0)
            .Select(c => c[0].GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : ""));
        Assert.Equal("Fake reply to: stream me once", text);
        Assert.Contains("data: [DONE]", body);
    }

    [Fact]
    public async Task AnotherCallersSameKeyIsAnotherTurn()
    {
        var (tenant, alice) = await Chat.TenantWithKeyAsync();
        using var admin = Chat.Cluster.Admin();
        var (_, bob) = await admin.CreateKeyAsync(tenant, ["user"]);
        var idem = "shared-" + Guid.NewGuid().ToString("N");
        var before = Chat.Llm.RequestCount;

        using var a = Chat.Cluster.First.CreateClient(alice);
        using var b = Chat.Cluster.First.CreateClient(bob);
        var (ra, _) = await SendAsync(a, "alice asks", idem);
        var (rb, bodyB) = await SendAsync(b, "bob asks", idem);

        Assert.Equal(HttpStatusCode.OK, rb.StatusCode);
        Assert.Equal(2, Chat.Llm.RequestCount - before);
        Assert.NotEqual(Header(ra, SessionHeader), Header(rb, SessionHeader));
        Assert.Equal("Fake reply to: bob asks", Content(bodyB));
        Assert.Equal("", Header(rb, "Idempotent-Replayed"));
    }

    [Fact]
    public async Task AMalformedKeyIsRefusedAndChangesNothing()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var before = Chat.Llm.RequestCount;
        foreach (var bad in new[] { new string('k', 256), "has space", "tab\tkey" })
        {
            var (r, body) = await SendAsync(http, "hi", bad);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Equal("Idempotency-Key", JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("param").GetString());
        }
        Assert.Equal(0, Chat.Llm.RequestCount - before);
        Assert.Equal(0L, await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM sessions WHERE tenant_id = '{tenant}'"));
    }

    private Task<long> UsageRowsAsync(string tenant) =>
        Chat.Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM usage_records WHERE tenant_id = '{tenant}'");

    private static string? Content(string body) =>
        JsonDocument.Parse(body).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
}
