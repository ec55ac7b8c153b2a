using System.Net.Http.Json;
using System.Text.Json;
using HermesX.IntegrationTests.Clients;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Webhooks;

/// <summary>One request the receiver got: its webhook headers, whether <c>standardwebhooks</c> verified it, and what it answered (null: never).</summary>
public sealed record ReceivedWebhook(string? WebhookId, string? Timestamp, bool Verified, string? VerifyError, int? Status, int RemotePort, JsonElement Body);

/// <summary>
/// tests/clients/webhook-receiver.mjs, running: a webhook endpoint on loopback that verifies each
/// delivery with the npm <c>standardwebhooks</c> package and answers as its mode says.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly NodeServer _script;
    private readonly HttpClient _control;

    private WebhookReceiver(NodeServer script)
    {
        _script = script;
        _control = script.Control;
    }

    public int Port => _script.Port;

    public string Url => $"http://127.0.0.1:{Port}/hook";

    public static async Task<WebhookReceiver> StartAsync() => new(await NodeServer.StartAsync("webhook-receiver.mjs"));

    /// <summary>The secret to verify with and how to answer: ok, fail-first:N, always-fail or hang-first.</summary>
    public async Task ConfigureAsync(string secret, string mode)
    {
        using var r = await _control.PostAsJsonAsync("/_control", new { secret, mode });
        r.EnsureSuccessStatusCode();
    }

    public async Task<List<ReceivedWebhook>> RequestsAsync()
    {
        var log = JsonDocument.Parse(await _control.GetStringAsync("/_log")).RootElement;
        return log.EnumerateArray().Select(r => new ReceivedWebhook(
            r.GetProperty("webhook_id").GetString(), r.GetProperty("webhook_timestamp").GetString(), r.GetProperty("verified").GetBoolean(),
            r.GetProperty("verify_error").GetString(), r.GetProperty("status").ValueKind == JsonValueKind.Null ? null : r.GetProperty("status").GetInt32(),
            r.GetProperty("remote_port").GetInt32(), r.GetProperty("body").Clone())).ToList();
    }

    /// <summary>Polls until <paramref name="done"/> holds for the requests received, and returns them.</summary>
    public async Task<List<ReceivedWebhook>> WaitForAsync(Func<List<ReceivedWebhook>, bool> done, TimeSpan limit, string what)
    {
        List<ReceivedWebhook> seen = [];
        await ApiHelpers.PollAsync(async () => done(seen = await RequestsAsync()), limit, what);
        return seen;
    }

    public ValueTask DisposeAsync() => _script.DisposeAsync();
}
