using System.Net.Http.Json;
using System.Text.Json;
using HermesX.FakeLlm;
using HermesX.FakeLlm.Scripting;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Chat;

/// <summary>A fake LLM (OpenAI wire format) and HermesX silos whose default model points at it.</summary>
public sealed class ChatCluster : IAsyncDisposable
{
    public const string Model = "fake-gpt";

    private ChatCluster(FakeLlmServer llm, HermesCluster cluster)
    {
        Llm = llm;
        Cluster = cluster;
    }

    public FakeLlmServer Llm { get; }
    public HermesCluster Cluster { get; }

    public static async Task<ChatCluster> StartAsync(int silos = 1, IReadOnlyDictionary<string, string>? environment = null,
        Action<FakeLlmServer>? beforeSilos = null)
    {
        var llm = await FakeLlmServer.StartAsync();
        beforeSilos?.Invoke(llm);
        var env = new Dictionary<string, string>
        {
            ["HERMES_PROVIDER"] = "openai",
            ["HERMES_BASE_URL"] = llm.OpenAiBaseUrl,
            ["HERMES_API_KEY_LLM"] = "fake-llm-key",
            ["HERMES_MODEL"] = Model,
            // Quick retries keep failure tests short; the behaviour under test is the same.
            ["Llm__Resilience__BaseDelay"] = "00:00:00.050",
            ["Llm__Resilience__MaxDelay"] = "00:00:00.200",
        };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            env[k] = v;
        }
        try
        {
            return new ChatCluster(llm, await HermesCluster.StartAsync(silos, env));
        }
        catch
        {
            await llm.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new tenant and a key with the given role in it.</summary>
    public async Task<(string Tenant, string Key)> TenantWithKeyAsync(string role = "user")
    {
        using var admin = Cluster.Admin();
        // Pro plan: 600 requests a minute, so tests that make many calls are not rate limited.
        var tenant = (await admin.CreateTenantAsync(extra: new { plan = "pro" })).GetProperty("id").GetString()!;
        var (_, key) = await admin.CreateKeyAsync(tenant, [role]);
        return (tenant, key);
    }

    /// <summary>
    /// A new pro-plan tenant with the given fields (with <paramref name="unlimited"/>, no rate or stream limit in the way of
    /// tests that make many calls), and a key of it with <paramref name="role"/> and the given fields.
    /// </summary>
    public async Task<(string Tenant, string KeyId, string Key)> TenantAndKeyAsync(object? tenant = null, object? key = null, string role = "user",
        bool unlimited = false)
    {
        using var admin = Cluster.Admin();
        var fields = JsonSerializer.SerializeToElement(tenant ?? new { }).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        fields["plan"] = "pro";
        if (unlimited)
        {
            fields["rate_limit_rpm"] = 1_000_000;
            fields["max_streams_per_user"] = 1_000;
        }
        var id = (await admin.CreateTenantAsync(extra: fields)).GetProperty("id").GetString()!;
        var (keyId, raw) = await admin.CreateKeyAsync(id, [role], key);
        return (id, keyId, raw);
    }

    /// <summary>A tenant and key not rate or stream limited: load tests measure what they are about, not the limiter.</summary>
    public async Task<(string Tenant, string Key)> UnlimitedTenantWithKeyAsync()
    {
        var (tenant, key) = await TenantWithKeyAsync("user");
        using var admin = Cluster.Admin();
        using var r = await admin.PatchAsync($"/v1/tenants/{tenant}", JsonContent.Create(new { rate_limit_rpm = 1_000_000, max_streams_per_user = 1_000 }));
        r.EnsureSuccessStatusCode();
        return (tenant, key);
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> ChatAsync(HttpClient http, string text, string? sessionId = null, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["model"] = Model, ["messages"] = new[] { new { role = "user", content = text } } };
        foreach (var p in extra is null ? [] : JsonSerializer.SerializeToElement(extra).EnumerateObject())
        {
            body[p.Name] = p.Value;
        }
        using var req = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(body) };
        if (sessionId is not null)
        {
            req.Headers.Add("X-Hermes-Session-Id", sessionId);
        }
        var response = await http.SendAsync(req);
        var text2 = await response.Content.ReadAsStringAsync();
        return (response, text2.Length > 0 && text2.TrimStart().StartsWith('{') ? JsonDocument.Parse(text2).RootElement.Clone() : default);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Llm.DisposeAsync();
    }
}

/// <summary>One chat cluster shared by a test class (tests in a class run one after another, so scripts do not mix).</summary>
public sealed class ChatClusterFixture : IAsyncLifetime
{
    public ChatCluster Chat { get; private set; } = null!;

    public async Task InitializeAsync() => Chat = await ChatCluster.StartAsync(1, new Dictionary<string, string> { ["HERMES_MAX_ITERATIONS"] = "3" });

    public async Task DisposeAsync() => await Chat.DisposeAsync();
}
