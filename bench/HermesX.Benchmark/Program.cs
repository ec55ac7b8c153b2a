using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using HermesX.Benchmark;
using HermesX.FakeLlm;
using HermesX.Testing;

// Full-stack benchmark: HTTP -> auth -> rate limit -> quotas -> SessionGrain -> fake LLM over HTTP
// -> messages, usage and audit in Postgres. With --compare portkey (scripts/bench.sh starts the
// gateway and passes its URL in HERMES_BENCH_PORTKEY_URL) the same load goes through Portkey's AI
// Gateway to the same fake upstream in the same run.
// Usage: scripts/bench.sh [--clients 1,8,32,64,128] [--seconds 10] [--warmup 3] [--sessions 256]
//                         [--memory-sessions 10000,100000 (0: none)] [--compare portkey]
var clientCounts = Ints("--clients", [1, 8, 32, 64, 128]);
var seconds = Ints("--seconds", [10])[0];
var warmup = TimeSpan.FromSeconds(Ints("--warmup", [3])[0]);
var sessions = Ints("--sessions", [256])[0];
var memorySessions = Ints("--memory-sessions", [10_000, 100_000]);
var portkeyUrl = Environment.GetEnvironmentVariable("HERMES_BENCH_PORTKEY_URL");
// The processes whose CPU a request costs; scripts/bench.sh passes the pids of the services it started.
int? Pid(string variable) => int.TryParse(Environment.GetEnvironmentVariable(variable), out var pid) ? pid : null;
var postgresPid = Pid("HERMES_BENCH_POSTGRES_PID");
var redisPid = Pid("HERMES_BENCH_REDIS_PID");
var portkeyPid = Pid("HERMES_BENCH_PORTKEY_PID");
var duration = TimeSpan.FromSeconds(seconds);
var maxClients = clientCounts.Max();

await using var llm = await FakeLlmServer.StartAsync(options: new FakeLlmOptions { MaxRecordedRequests = 100 });
await using var cluster = await HermesCluster.StartAsync(1, new Dictionary<string, string>
{
    ["HERMES_PROVIDER"] = "openai",
    ["HERMES_BASE_URL"] = llm.OpenAiBaseUrl,
    ["HERMES_API_KEY_LLM"] = "fake",
    ["HERMES_MODEL"] = "fake-gpt",
}.Concat(SiloOnlyVariables()).ToDictionary());
using var admin = cluster.Admin();
var tenant = (await admin.CreateTenantAsync("bench", new { plan = "enterprise", rate_limit_rpm = 1_000_000, max_sessions = 10_000_000, max_streams_per_user = 10_000 }))
    .GetProperty("id").GetString()!;
var (_, key) = await admin.CreateKeyAsync(tenant, ["user"]);

HttpClient Client(Uri baseAddress) => new(new SocketsHttpHandler { MaxConnectionsPerServer = maxClients * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(30) })
{
    BaseAddress = baseAddress,
    Timeout = TimeSpan.FromSeconds(30),
};
using var hermes = Client(cluster.First.BaseAddress);
hermes.DefaultRequestHeaders.Authorization = new("Bearer", key);
using var fake = Client(new Uri(llm.BaseUrl));
using var portkey = portkeyUrl is null ? null : Client(new Uri(portkeyUrl));
if (portkey is not null)
{
    // Portkey's own headers: provider openai at the fake's base URL, the fake's key as the bearer.
    portkey.DefaultRequestHeaders.Add("x-portkey-provider", "openai");
    portkey.DefaultRequestHeaders.Add("x-portkey-custom-host", llm.OpenAiBaseUrl);
    portkey.DefaultRequestHeaders.Authorization = new("Bearer", "fake");
}

var runId = Guid.NewGuid().ToString("N")[..6];
// A conversation's turns come one after another: each client keeps to its own sessions (c, c + clients,
// c + 2 × clients, …), so no two clients send a turn to one session at once (such turns queue behind
// each other by design, which would measure the load generator's collisions, not a turn).
// Each measured run has sessions of its own (`set`), created by its warm-up and continued by its
// timed run, so what a turn carries (the whole history goes to the model every turn) does not depend
// on how many runs came before it.
Func<int, long, Task<bool>> Existing(bool stream, int clients, string set) => async (c, i) =>
{
    using var req = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = LoadRun.ChatBody($"question {i} from {c}", stream) };
    var own = Math.Max(1, sessions / clients);
    req.Headers.Add("X-Hermes-Session-Id", $"bench-{runId}-{set}-{(c + clients * (i % own)) % sessions}");
    using var r = await hermes.SendAsync(req, HttpCompletionOption.ResponseContentRead);
    return r.StatusCode == HttpStatusCode.OK;
};
// What a drop-in OpenAI client sends: no session id, so every request starts a new session.
async Task<bool> Fresh(int c, long i)
{
    using var r = await hermes.PostAsync("/v1/chat/completions", LoadRun.ChatBody($"question {i} from {c}", false));
    return r.StatusCode == HttpStatusCode.OK;
}
async Task<bool> Direct(HttpClient http, string path, int c, long i)
{
    using var r = await http.PostAsync(path, LoadRun.ChatBody($"question {i} from {c}", false));
    return r.IsSuccessStatusCode;
}

Console.WriteLine($"HermesX benchmark: clients {string.Join(",", clientCounts)}, {seconds} s per run after {warmup.TotalSeconds:F0} s warm-up, " +
    $"{sessions} sessions, {Environment.ProcessorCount} cores, Redis {(Environment.GetEnvironmentVariable("REDIS_URL") is null ? "off" : "on")}, " +
    $"Portkey {(portkey is null ? "not compared" : portkeyUrl)}");

var hermesProcesses = new List<ProcessCpu> { new("silo", cluster.First.ProcessId, Tree: false) };
if (postgresPid is { } pg)
{
    hermesProcesses.Add(new("postgres", pg, Tree: true));
}
if (redisPid is { } rd)
{
    hermesProcesses.Add(new("redis", rd, Tree: false));
}
var portkeyProcesses = portkeyPid is { } pk ? new List<ProcessCpu> { new("portkey", pk, Tree: true) } : [];
var runtime = new SiloRuntime(hermes);

// Every measured window is of a silo in its steady state: both turn paths run until the JIT has
// (nearly) stopped recompiling methods at a higher tier (a minute at most), so the first window
// measured does not pay for the runtime's tiered compilation of the whole program.
var settleClients = clientCounts.Max();
var settling = Stopwatch.StartNew();
var jitBefore = (await runtime.ReadAsync())?.JitCompiledMethods ?? 0;
while (true)
{
    await LoadRun.RunAsync("settle", settleClients, TimeSpan.FromSeconds(2), Existing(false, settleClients, "settle"));
    await LoadRun.RunAsync("settle", settleClients, TimeSpan.FromSeconds(2), Fresh);
    var jitNow = (await runtime.ReadAsync())?.JitCompiledMethods ?? 0;
    var compiled = jitNow - jitBefore;
    jitBefore = jitNow;
    if (compiled < 100 || settling.Elapsed > TimeSpan.FromSeconds(60))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"settled after {settling.Elapsed.TotalSeconds:F0} s of both turn paths at {settleClients} clients ({compiled:F0} methods compiled in the last 4 s)"));
        break;
    }
}

var rows = new List<(int Clients, LoadResult Fake, Measured Existing, Measured Fresh, Measured? Portkey)>();
foreach (var n in clientCounts)
{
    var fakeRun = await Timed($"fake alone c={n}", n, (c, i) => Direct(fake, "/v1/chat/completions", c, i));
    var existingRun = await Measure($"existing sessions c={n}", n, Existing(false, n, $"c{n}"), hermesProcesses, runtime);
    var freshRun = await Measure($"new session each c={n}", n, Fresh, hermesProcesses, runtime);
    var portkeyRun = portkey is null ? null : await Measure($"portkey c={n}", n, (c, i) => Direct(portkey, "/v1/chat/completions", c, i), portkeyProcesses, null);
    rows.Add((n, fakeRun, existingRun, freshRun, portkeyRun));
}

Console.WriteLine();
Console.WriteLine("Throughput and latency (\"added\" subtracts the fake LLM's own latency at the same concurrency):");
Console.WriteLine();
Console.WriteLine("| clients | fake alone /s | HermesX existing /s | p50 ms | p99 ms | added p50 | added p99 | HermesX new session /s | p99 ms | Portkey /s | p99 ms | × Portkey (existing, new) |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
foreach (var (n, f, e, s, p) in rows)
{
    var ratio = p is null ? "—" : $"{e.Load.Throughput / p.Load.Throughput:F2}×, {s.Load.Throughput / p.Load.Throughput:F2}×";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {n} | {f.Throughput:F0} | {e.Load.Throughput:F0} | {e.Load.Percentile(50):F2} | {e.Load.Percentile(99):F1} | {e.Load.Percentile(50) - f.Percentile(50):F2} | {e.Load.Percentile(99) - f.Percentile(99):F1} | " +
        $"{s.Load.Throughput:F0} | {s.Load.Percentile(99):F1} | {(p is null ? "—" : p.Load.Throughput.ToString("F0", CultureInfo.InvariantCulture))} | {(p is null ? "—" : p.Load.Percentile(99).ToString("F1", CultureInfo.InvariantCulture))} | {ratio} |"));
}
Console.WriteLine();
Console.WriteLine("CPU per request, µs (user + system from /proc/<pid>/stat over each measured window; postgres: the postmaster and all its backends), " +
    "and the silo's allocations (System.Runtime meter):");
Console.WriteLine();
Console.WriteLine("| clients | run | req/s | silo | postgres | redis | HermesX total | Portkey | HermesX ÷ Portkey | KB allocated per turn | GCs per 1,000 turns |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
foreach (var (n, _, e, s, p) in rows)
{
    var portkeyCpu = p?.CpuPerRequest("portkey");
    foreach (var (name, m) in new[] { ("existing sessions", e), ("new session each", s) })
    {
        var total = (m.CpuPerRequest("silo") ?? 0) + (m.CpuPerRequest("postgres") ?? 0) + (m.CpuPerRequest("redis") ?? 0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {n} | {name} | {m.Load.Throughput:F0} | {Show(m.CpuPerRequest("silo"))} | {Show(m.CpuPerRequest("postgres"))} | {Show(m.CpuPerRequest("redis"))} | {total:F0} | " +
            $"{Show(portkeyCpu)} | {(portkeyCpu is > 0 ? (total / portkeyCpu.Value).ToString("F2", CultureInfo.InvariantCulture) : "—")} | " +
            $"{(m.AllocatedBytesPerRequest is { } a ? (a / 1024).ToString("F1", CultureInfo.InvariantCulture) : "—")} | " +
            $"{(m.GcsPerRequest is { } g ? (g * 1000).ToString("F2", CultureInfo.InvariantCulture) : "—")} |"));
    }
}
Console.WriteLine("failed requests: " + string.Join(", ", rows.SelectMany(r => new[] { r.Fake, r.Existing.Load, r.Fresh.Load, r.Portkey?.Load }).OfType<LoadResult>().Where(r => r.Failed > 0)
    .Select(r => $"{r.Name} {r.Failed}").DefaultIfEmpty("none")));

static string Show(double? v) => v is { } x ? x.ToString("F0", CultureInfo.InvariantCulture) : "—";

// Streaming: time to the first token, added over the fake's own.
var ttft = await LoadRun.FirstTokenAsync(hermes, "/v1/chat/completions", 300, i => $"bench-{runId}-ttft-{i % 30}");
var fakeTtft = await LoadRun.FirstTokenAsync(fake, "/v1/chat/completions", 300, _ => null);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"streaming, 1 client: time to first token p50 {Percentile(ttft, 50):F2} ms (fake alone {Percentile(fakeTtft, 50):F2} ms, added {Percentile(ttft, 50) - Percentile(fakeTtft, 50):F2} ms), p99 {Percentile(ttft, 99):F1} ms"));

// Memory per idle active session: resident memory before and after activating many new sessions.
var active = 0L;
foreach (var target in memorySessions.Where(n => n > 0).Order())
{
    GC.Collect();
    var before = Rss(cluster.First.ProcessId);
    var toAdd = target - active;
    var started = Stopwatch.GetTimestamp();
    await Parallel.ForEachAsync(LongRange(active, toAdd), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (n, ct) =>
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = LoadRun.ChatBody("hello", false) };
        req.Headers.Add("X-Hermes-Session-Id", $"idle-{runId}-{n}");
        using var r = await hermes.SendAsync(req, ct);
    });
    active = target;
    var after = Rss(cluster.First.ProcessId);
    var metrics = await hermes.GetStringAsync("/v1/metrics");
    var gauge = Regex.Match(metrics, $"hermes_active_sessions\\{{tenant_id=\"{tenant}\"\\}} (\\d+)").Groups[1].Value;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"memory at {target} idle sessions: {after / 1048576.0:F0} MiB resident, {(after - before) / 1024.0 / toAdd:F1} KiB per session added " +
        $"(hermes_active_sessions = {gauge}; {toAdd / Stopwatch.GetElapsedTime(started).TotalSeconds:F0} new sessions/s)"));
}

async Task<Measured> Measure(string name, int clients, Func<int, long, Task<bool>> request, IReadOnlyList<ProcessCpu> processes, SiloRuntime? silo)
{
    await LoadRun.RunAsync("warm-up " + name, clients, warmup, request);
    var before = silo is null ? null : await silo.ReadAsync();
    var cpu = CpuWindow.Start(processes);
    var r = await LoadRun.RunAsync(name, clients, duration, request);
    var used = cpu.Stop();
    var after = silo is null ? null : await silo.ReadAsync();
    var m = new Measured(r, used, before, after);
    var cpuText = string.Join(", ", used.Keys.Select(k => $"{k} {Show(m.CpuPerRequest(k))}"));
    var jitText = m.JitCompiledMethods is { } jit ? $"; {jit:F0} methods JIT-compiled in the window" : "";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: {r.Throughput:F0}/s p50 {r.Percentile(50):F2} ms p99 {r.Percentile(99):F1} ms failed {r.Failed}; CPU µs per request {cpuText}{jitText}"));
    return m;
}

async Task<LoadResult> Timed(string name, int clients, Func<int, long, Task<bool>> request)
{
    await LoadRun.RunAsync("warm-up " + name, clients, warmup, request);
    var r = await LoadRun.RunAsync(name, clients, duration, request);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {r.Throughput:F0}/s p50 {r.Percentile(50):F2} ms p99 {r.Percentile(99):F1} ms failed {r.Failed}"));
    return r;
}

// HERMES_BENCH_SILO_<NAME>=<value> sets <NAME> for the silo alone (a runtime setting to try, say), not
// for this process, whose fake LLM and load generator are the same for both sides of the comparison.
static IEnumerable<KeyValuePair<string, string>> SiloOnlyVariables()
{
    const string prefix = "HERMES_BENCH_SILO_";
    foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
    {
        if (e.Key is string name && name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length)
        {
            Console.WriteLine($"silo only: {name[prefix.Length..]}={e.Value}");
            yield return new(name[prefix.Length..], (string)e.Value!);
        }
    }
}

static IEnumerable<long> LongRange(long from, long count)
{
    for (var i = 0L; i < count; i++)
    {
        yield return from + i;
    }
}

static double Percentile(double[] values, double p) => new LoadResult("", 1, TimeSpan.FromSeconds(1), values.Length, 0, values).Percentile(p);

static long Rss(int pid)
{
    var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return long.Parse(Regex.Match(line, @"\d+").Value, CultureInfo.InvariantCulture) * 1024;
}

int[] Ints(string name, int[] fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length
        ? args[i + 1].Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray()
        : fallback;
}
