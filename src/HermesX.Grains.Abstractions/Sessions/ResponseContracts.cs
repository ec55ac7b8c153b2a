namespace HermesX.Grains.Abstractions.Sessions;

/// <summary>
/// The Responses API side of a turn. <paramref name="RequestJson"/> is what the response object echoes
/// of its request (instructions, tools, metadata…), kept as the frontend wrote it. A <paramref name="Background"/>
/// turn is a run's (<c>IResponseRunGrain</c>): its steps are committed as they happen, and with <paramref name="Stream"/>
/// its text deltas are stored for readers of its stream.
/// </summary>
[GenerateSerializer, Immutable, Alias("hermesx.ResponseTurn")]
public sealed record ResponseTurn(
    [property: Id(0)] string Id,
    [property: Id(1)] string? PreviousResponseId,
    [property: Id(2)] bool Store,
    [property: Id(3)] string RequestJson,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] bool Background = false,
    [property: Id(6)] bool Stream = false);

/// <summary>A response as stored with its session: what its request echoed and the turn's result.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.StoredResponse")]
public sealed record StoredResponse(
    [property: Id(0)] string Id,
    [property: Id(1)] string SessionId,
    [property: Id(2)] string RequestJson,
    [property: Id(3)] TurnResult Result,
    [property: Id(4)] DateTimeOffset CreatedAt);

/// <summary>
/// Response ids carry their session (<c>resp_{32 hex}_{sessionId}</c>), so a GET, DELETE or
/// previous_response_id reaches the owning session grain without a lookup table; the grain key
/// still includes the caller's tenant, so another tenant's id names nothing.
/// </summary>
public static class ResponseId
{
    private const string Prefix = "resp_";
    private const int NonceLength = 32;
    private static readonly System.Buffers.SearchValues<char> Hex = System.Buffers.SearchValues.Create("0123456789abcdef");
    private static readonly System.Buffers.SearchValues<char> SessionChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    /// <summary>
    /// A new response id. With <paramref name="seed"/> (the client's idempotency key) it is the same
    /// for every resend, so a replayed turn answers with the id its stored response has.
    /// </summary>
    public static string New(string sessionId, string? seed = null)
    {
        var nonce = seed is null
            ? Text.RandomIds.New("")
            : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sessionId + "\n" + seed)))[..NonceLength];
        return $"{Prefix}{nonce}_{sessionId}";
    }

    /// <summary>The session of a response id, or null when the id is not one HermesX issues.</summary>
    public static string? SessionOf(string responseId)
    {
        var start = Prefix.Length + NonceLength + 1;
        if (!responseId.StartsWith(Prefix, StringComparison.Ordinal) || responseId.Length <= start || responseId.Length > start + 128 ||
            responseId[start - 1] != '_' || responseId.AsSpan(Prefix.Length, NonceLength).ContainsAnyExcept(Hex) ||
            responseId.AsSpan(start).ContainsAnyExcept(SessionChars))
        {
            return null;
        }
        return responseId[start..];
    }

    /// <summary>The id of a response's message item: it names the response, so an item_reference finds it again.</summary>
    public static string MessageItem(string responseId) => "msg_" + responseId[Prefix.Length..];

    /// <summary>The id of a response's <paramref name="index"/>th function_call item.</summary>
    public static string CallItem(string responseId, int index) =>
        $"fc_{responseId.AsSpan(Prefix.Length, NonceLength)}_{index}_{responseId[(Prefix.Length + NonceLength + 1)..]}";

    /// <summary>The response and call index (null for its message) an output item id names, or null when it names none.</summary>
    public static (string ResponseId, int? CallIndex)? ItemOf(string itemId)
    {
        if (itemId.StartsWith("msg_", StringComparison.Ordinal))
        {
            var response = Prefix + itemId[4..];
            return SessionOf(response) is null ? null : (response, null);
        }
        if (itemId.StartsWith("fc_", StringComparison.Ordinal) && itemId.Length > 3 + NonceLength + 1)
        {
            var nonce = itemId.Substring(3, NonceLength);
            var rest = itemId[(3 + NonceLength + 1)..];
            var underscore = rest.IndexOf('_');
            if (underscore > 0 && int.TryParse(rest.AsSpan(0, underscore), System.Globalization.NumberStyles.None, null, out var index))
            {
                var response = $"{Prefix}{nonce}_{rest[(underscore + 1)..]}";
                return SessionOf(response) is null ? null : (response, index);
            }
        }
        return null;
    }
}
