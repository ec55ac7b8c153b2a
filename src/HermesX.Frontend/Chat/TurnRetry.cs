using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Chat;

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

    /// <summary>Calls in all; a silo leaving or dying costs one, and membership settles well within the rest.</summary>
    public const int Attempts = 4;

    private static readonly TimeSpan Backoff = TimeSpan.FromMilliseconds(250);

    /// <summary>Null when the header is absent; an error message when it is not 1–255 visible ASCII characters.</summary>
    public static (string? Key, string? Error) ClientKey(string header) =>
        header.Length == 0 ? (null, null)
        : header.Length <= 255 && header.All(c => c is > ' ' and <= '~') ? (header, null)
        : (null, $"{KeyHeader} must be 1-255 visible ASCII characters");

    public static string NewKey() => "hx_" + Guid.NewGuid().ToString("N");

    /// <summary>
    /// The session of a turn that names none but carries the client's key: the same for every resend
    /// of that key by that caller, so the resend finds the turn it repeats.
    /// </summary>
    public static string SessionFor(string subject, string clientKey) =>
        "sess_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(subject + "\n" + clientKey)))[..32];

    public static bool SiloGone(Exception e) => e is SiloUnavailableException or OrleansMessageRejectionException;

    public static async Task<TurnResult> RunAsync(Func<Task<TurnResult>> call, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (attempt < Attempts && SiloGone(e) && !ct.IsCancellationRequested)
            {
                await Task.Delay(Backoff * attempt, ct);
            }
        }
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
                    catch (Exception ex) when (!started && attempt < Attempts && SiloGone(ex) && !ct.IsCancellationRequested)
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
            await Task.Delay(Backoff * attempt, ct);
        }
    }
}
