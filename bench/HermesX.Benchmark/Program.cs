using System.Net;
using System.Text.RegularExpressions;
using HermesX.Benchmark;
using HermesX.FakeLlm;
using HermesX.FakeLlm.Scripting;
using HermesX.Testing;

// Full-stack benchmark: HTTP -> auth -> SessionGrain -> fake LLM over HTTP -> Postgres.
// Usage: scripts/bench.sh [--clients 64] [--seconds 20] [--sessions 512] [--idle-sessions 2000]
var clients = Arg("--clients", 64);
var seconds = Arg("--seconds", 20);
var sessions = Arg("--sessions", 512);
var idleSessions = Arg("--idle-sessions", 2000);
var duration = TimeSpan.FromSeconds(seconds);

await using var llm = await FakeLlmServer.StartAsync(options: new FakeLlmOptions { MaxRecordedRequests = 100 });
await using var cluster = await HermesCluster.StartAsync(1, new Dictionary<string, string>
{
    ["HERMES_PROVIDER"] = "openai",
    ["HERMES_BASE_URL"] = llm.OpenAiBaseUrl,
    ["HERMES_API_KEY_LLM"] = "fake",
    ["HERMES_MODEL"] = "fake-gpt",
});
using var admin = cluster.Admin();
var tenant = (await admin.CreateTenantAsync("bench", new { plan = "enterprise", rate_limit_rpm = 1_000_000, max_sessions = 1_000_000, max_streams_per_user = 10_000 }))
    .GetProperty("id").GetString()!;
var (_, key) = await admin.CreateKeyAsync(tenant, ["user"]);

var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
using var http = new HttpClient(handler) { BaseAddress = cluster.First.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
http.DefaultRequestHeaders.Authorization = new("Bearer", key);
using var direct = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 }) { BaseAddress = new Uri(llm.BaseUrl) };

async Task<bool> Turn(int client, long i, bool stream)
{
    using var req = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = LoadRun.ChatBody($"question {i} from {client}", stream) };
    req.Headers.Add("X-Hermes-Session-Id", $"bench-{(client * 7919 + i) % sessions}");
    using var r = await http.SendAsync(req, HttpCompletionOption.ResponseContentRead);
    return r.StatusCode == HttpStatusCode.OK;
}

async Task<bool> FakeOnly(int client, long i)
{
    using var r = await direct.PostAsync("/v1/chat/completions", LoadRun.ChatBody($"question {i} from {client}", false));
    return r.IsSuccessStatusCode;
}

Console.WriteLine($"HermesX benchmark: {clients} clients, {seconds} s per run, {sessions} sessions, {Environment.ProcessorCount} cores");
await LoadRun.RunAsync("warm-up", clients, TimeSpan.FromSeconds(5), (c, i) => Turn(c, i, false));
var baseline = await LoadRun.RunAsync("fake LLM alone", clients, TimeSpan.FromSeconds(Math.Max(5, seconds / 2)), FakeOnly);
var plain = await LoadRun.RunAsync("non-streaming turns", clients, duration, (c, i) => Turn(c, i, false));
var streaming = await LoadRun.RunAsync("streaming turns", clients, duration, (c, i) => Turn(c, i, true));

Console.WriteLine();
Console.WriteLine("| run | turns/s | p50 ms | p95 ms | p99 ms | failed |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var r in new[] { baseline, plain, streaming })
{
    Console.WriteLine($"| {r.Name} | {r.Throughput:F0} | {r.Percentile(50):F1} | {r.Percentile(95):F1} | {r.Percentile(99):F1} | {r.Failed} |");
}
Console.WriteLine();
foreach (var r in new[] { plain, streaming })
{
    // The fake's own time at the same concurrency, subtracted percentile by percentile.
    Console.WriteLine($"added by HermesX ({r.Name}): p50 {r.Percentile(50) - baseline.Percentile(50):F1} ms, " +
        $"p95 {r.Percentile(95) - baseline.Percentile(95):F1} ms, p99 {r.Percentile(99) - baseline.Percentile(99):F1} ms");
}

// Memory per active session: resident memory before and after activating many new sessions.
var before = Rss(cluster.First.ProcessId);
await Parallel.ForEachAsync(Enumerable.Range(0, idleSessions), new ParallelOptions { MaxDegreeOfParallelism = clients }, async (n, ct) =>
{
    using var req = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = LoadRun.ChatBody("hello", false) };
    req.Headers.Add("X-Hermes-Session-Id", $"idle-{n}");
    using var r = await http.SendAsync(req, ct);
});
GC.KeepAlive(before);
var after = Rss(cluster.First.ProcessId);
var metrics = await http.GetStringAsync("/v1/metrics");
var active = Regex.Match(metrics, $"hermes_active_sessions\\{{tenant_id=\"{tenant}\"\\}} (\\d+)").Groups[1].Value;
Console.WriteLine($"memory: {before / 1048576.0:F0} MiB -> {after / 1048576.0:F0} MiB for {idleSessions} more sessions " +
    $"= {(after - before) / 1024.0 / idleSessions:F1} KiB per active session (hermes_active_sessions = {active})");

static long Rss(int pid)
{
    var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return long.Parse(Regex.Match(line, @"\d+").Value) * 1024;
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
}
