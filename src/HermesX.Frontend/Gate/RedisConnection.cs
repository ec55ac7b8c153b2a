using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using HermesX.Grains.Abstractions.Configuration;

namespace HermesX.Frontend.Gate;

/// <summary>
/// The silo's one connection to Redis. A request never waits on a dead Redis: commands fail fast
/// while the connection is down (no backlog), each command has a short timeout, and after a failure
/// a circuit keeps requests on the local limiter for a moment instead of letting each one time out.
/// The client reconnects on its own, so Redis coming back makes limiting distributed again.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    /// <summary>How long a failed command keeps requests away from Redis before the next try.</summary>
    public static readonly TimeSpan OpenFor = TimeSpan.FromSeconds(2);

    private readonly ConfigurationOptions? _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisConnection> _log;
    private readonly Task<ConnectionMultiplexer?> _connecting;
    private long _openUntilTicks;
    private int _degraded;

    public RedisConnection(HermesOptions settings, TimeProvider time, ILogger<RedisConnection> log)
    {
        _time = time;
        _log = log;
        if (settings.RedisUrl is { } url)
        {
            _options = RedisUrl.Parse(url);
            _options.AbortOnConnectFail = false;
            _options.BacklogPolicy = BacklogPolicy.FailFast;
            _options.ConnectTimeout = 2000;
            _options.AsyncTimeout = 500;
            _options.SyncTimeout = 500;
            _options.ConnectRetry = 1;
            _options.KeepAlive = 5;
            // A fixed interval: the default exponential back-off can leave a recovered Redis unused for minutes.
            _options.ReconnectRetryPolicy = new LinearRetry(1000);
            _options.ClientName = "hermesx-" + settings.InstanceId;
        }
        _connecting = _options is null ? Task.FromResult<ConnectionMultiplexer?>(null) : ConnectAsync(_options);
    }

    /// <summary>True when REDIS_URL is set.</summary>
    public bool Configured => _options is not null;

    /// <summary>The database to use now, or null when Redis is not configured, not connected or the circuit is open.</summary>
    public IDatabase? Database
    {
        get
        {
            if (!_connecting.IsCompletedSuccessfully || _connecting.Result is not { IsConnected: true } mux)
            {
                return null;
            }
            return _time.GetUtcNow().UtcTicks < Interlocked.Read(ref _openUntilTicks) ? null : mux.GetDatabase();
        }
    }

    /// <summary>The connection regardless of the circuit, for the readiness probe; null while not connected.</summary>
    internal IDatabase? ProbeDatabase =>
        _connecting.IsCompletedSuccessfully && _connecting.Result is { IsConnected: true } mux ? mux.GetDatabase() : null;

    public void ReportFailure(Exception error) => ReportFailure(error.GetType().Name);

    public void ReportFailure(string reason)
    {
        Interlocked.Exchange(ref _openUntilTicks, (_time.GetUtcNow() + OpenFor).UtcTicks);
        if (Interlocked.Exchange(ref _degraded, 1) == 0)
        {
            _log.LogWarning("Redis unavailable ({Reason}); rate limits fall back to this silo's local limiter", reason);
        }
    }

    public void ReportSuccess()
    {
        if (Interlocked.Read(ref _openUntilTicks) != 0)
        {
            Interlocked.Exchange(ref _openUntilTicks, 0);
        }
        if (Interlocked.Exchange(ref _degraded, 0) == 1)
        {
            _log.LogInformation("Redis is back; rate limits are distributed again");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (await _connecting is { } mux)
        {
            await mux.DisposeAsync();
        }
    }

    private async Task<ConnectionMultiplexer?> ConnectAsync(ConfigurationOptions options)
    {
        try
        {
            var mux = await ConnectionMultiplexer.ConnectAsync(options);
            mux.ConnectionFailed += (_, e) => ReportFailure(e.FailureType.ToString());
            if (!mux.IsConnected)
            {
                ReportFailure("not reachable at start-up");
            }
            return mux;
        }
        catch (Exception e) when (e is RedisException or ArgumentException or InvalidOperationException)
        {
            // Only a configuration the client refuses outright gets here; the service runs on the local limiter.
            _log.LogError("Redis client could not be created ({Error}); rate limits stay local to each silo", e.GetType().Name);
            return null;
        }
    }
}
