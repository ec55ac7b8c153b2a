namespace HermesX.Frontend.Wire;

/// <summary>
/// The end user a request names (<c>user</c>, Anthropic's <c>metadata.user_id</c>): an API key's calls are
/// budgeted and billed to it, so it is a key of the spend counters and of the usage rows, held to one length
/// on every endpoint.
/// </summary>
public static class EndUserField
{
    /// <summary>Anthropic's own limit for <c>metadata.user_id</c>, used for every endpoint.</summary>
    public const int MaxLength = 256;

    /// <summary>The end user named by <paramref name="field"/>; null when absent; throws when empty or too long.</summary>
    public static string? Read(string? value, string field) => value switch
    {
        null => null,
        { Length: 0 or > MaxLength } => throw new ChatRequestException($"'{field}' names the end user: 1 to {MaxLength} characters", field),
        _ => value,
    };
}
