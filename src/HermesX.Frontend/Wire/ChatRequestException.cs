namespace HermesX.Frontend.Wire;

/// <summary>
/// A request body refused with 400, naming the field by its JSON path (<see cref="Param"/>, null
/// when no one field is at fault, as for malformed JSON). Every OpenAI- and Anthropic-style parser
/// throws it; the handler answers it in its API's error shape.
/// </summary>
public sealed class ChatRequestException(string message, string? param, string code = "invalid_request") : Exception(message)
{
    public string? Param { get; } = param;

    /// <summary><c>invalid_request</c>, or <c>invalid_json</c> for a body that is not JSON or holds text that cannot be stored.</summary>
    public string Code { get; } = code;
}

/// <summary>The body's media is larger than a turn may store in the session's history (413).</summary>
public sealed class ContentTooLargeException(string message, string param) : Exception(message)
{
    public string Param { get; } = param;
}
