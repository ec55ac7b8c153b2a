using System.Security.Cryptography;
using System.Text;

namespace HermesX.Grains.Abstractions.Runs;

/// <summary>
/// The run of a resumable Chat Completions stream (one sent with an <c>Idempotency-Key</c>) is a run like a background
/// response's, named <c>chatcmpl-{32 hex}</c> after its caller, its session and that key: every resend of the key by the
/// caller finds it, and its chunks carry it as their id. No response id has this prefix, so the Responses API never shows it.
/// </summary>
public static class ChatRunId
{
    private const string Prefix = "chatcmpl-";

    public static string For(string subject, string sessionId, string idempotencyKey) =>
        Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{subject}\n{sessionId}\n{idempotencyKey}")))[..32];

    public static bool Is(string runId) => runId.StartsWith(Prefix, StringComparison.Ordinal);
}
