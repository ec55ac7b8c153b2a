using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Wire;
using HermesX.Grains.Abstractions;
using HermesX.Grains.Abstractions.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using HermesX.Grains.Abstractions.Caching;

namespace HermesX.Frontend.Chat;

/// <summary>
/// A turn's idempotency key (the client's, or one of ours), its session, and whether HermesX minted
/// that session's id just now (then no row of it can exist yet).
/// </summary>
public sealed record TurnKeys(string Key, bool ClientKey, string SessionId, bool Minted)
{
    public static readonly TurnKeys None = new("", false, "", false);
}

/// <summary>
/// Every turn carries an idempotency key: the client's <c>Idempotency-Key</c>, or one made here.
/// With it, a turn whose grain call failed because the session's silo died or left is sent again
/// without the client seeing it: the session answers a committed turn from what it stored and runs
/// an uncommitted one once.
/// </summary>
public static class TurnRetry
{
    public const string KeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>Null when the header is absent; an error message when it is not 1–255 visible ASCII characters.</summary>
    public static (string? Key, string? Error) ClientKey(string header) =>
        header.Length == 0 ? (null, null)
        : header.Length <= 255 && header.All(c => c is > ' ' and <= '~') ? (header, null)
        : (null, $"{KeyHeader} must be 1-255 visible ASCII characters");

    public static string NewKey() => WireNames.NewId("hx_");

    /// <summary>
    /// The session of a turn that names none but carries the client's key: the same for every resend
    /// of that key by that caller, so the resend finds the turn it repeats.
    /// </summary>
    public static string SessionFor(string subject, string clientKey) =>
        "sess_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(subject + "\n" + clientKey)))[..32];

    /// <summary>
    /// The idempotency key and session of a turn: the client's key (or a new one of ours), and the
    /// session named by the header, else by the body, else the client key's, else a new one
    /// (<see cref="TurnKeys.Minted"/>); the session is sent back in the header. An error result when
    /// either is malformed.
    /// </summary>
    public static (TurnKeys Keys, ApiErrorResult? Error) Resolve(HttpContext http, string subject, string? bodySession = null)
    {
        var (clientKey, keyError) = ClientKey(http.Request.Headers[KeyHeader].ToString());
        if (keyError is not null)
        {
            return (TurnKeys.None, ApiError.BadRequest(keyError, KeyHeader));
        }
        var header = http.Request.Headers[ChatApi.SessionHeader].ToString();
        var minted = header.Length == 0 && bodySession is null && clientKey is null;
        var sessionId = header.Length > 0 ? header
            : bodySession ?? (clientKey is not null ? SessionFor(subject, clientKey) : WireNames.NewId("sess_"));
        if (!WireNames.IsValidSessionId(sessionId))
        {
            return (TurnKeys.None, ApiError.BadRequest($"{ChatApi.SessionHeader} must be 1-128 letters, digits, '-' or '_'", ChatApi.SessionHeader));
        }
        http.Response.Headers[ChatApi.SessionHeader] = sessionId;
        return (new TurnKeys(clientKey ?? NewKey(), clientKey is not null, sessionId, minted), null);
    }

    /// <summary>Sent again, with the turn's key, while the session's silo is gone.</summary>
    public static Task<TurnOutcome> RunAsync(Func<Task<TurnOutcome>> call, CancellationToken ct) => SiloGone.RetryAsync(call, ct);

    /// <summary>
    /// A non-streamed turn: in a session minted for it, run here without a session grain
    /// (<see cref="IOneShotTurns"/>); in any other, by the session's grain.
    /// </summary>
    public static Task<TurnOutcome> RunTurnAsync(HttpContext http, IGrainFactory grains, string tenantId, string sessionId, TurnRequest request)
    {
        var ct = http.RequestAborted;
        if (request.NewSessionId)
        {
            var oneShot = http.RequestServices.GetRequiredService<IOneShotTurns>();
            return RunAsync(() => oneShot.RunAsync(tenantId, sessionId, request, ct), ct);
        }
        var grain = grains.Reference<ISessionGrain>(SessionKey.For(tenantId, sessionId));
        return RunAsync(() => grain.RunTurnAsync(request, ct), ct);
    }

    /// <summary>A streamed turn, by the session's grain (a stream names its session before it ends, so it always has one).</summary>
    public static IAsyncEnumerable<TurnEvent> StreamTurnAsync(HttpContext http, IGrainFactory grains, string tenantId, string sessionId, TurnRequest request)
    {
        var ct = http.RequestAborted;
        var grain = grains.Reference<ISessionGrain>(SessionKey.For(tenantId, sessionId));
        return StreamAsync(() => grain.StreamTurnAsync(request, ct), ct);
    }

    /// <summary>
    /// A streamed turn, sent again while nothing of it has reached the client; once an event is out,
    /// a failure ends the stream as it would without retries.
    /// </summary>
    public static async IAsyncEnumerable<TurnEvent> StreamAsync(Func<IAsyncEnumerable<TurnEvent>> call, [EnumeratorCancellation] CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var started = false;
            var retry = false;
            await using (var e = call().GetAsyncEnumerator(ct))
            {
                while (true)
                {
                    bool more;
                    try
                    {
                        more = await e.MoveNextAsync();
                    }
                    catch (Exception ex) when (!started && attempt < SiloGone.Attempts && SiloGone.Is(ex) && !ct.IsCancellationRequested)
                    {
                        retry = true;
                        break;
                    }
                    if (!more)
                    {
                        break;
                    }
                    started = true;
                    yield return e.Current;
                }
            }
            if (!retry)
            {
                yield break;
            }
            await Task.Delay(SiloGone.Backoff * attempt, ct);
        }
    }
}
