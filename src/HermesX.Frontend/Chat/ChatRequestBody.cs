using Microsoft.AspNetCore.Http;
using HermesX.Frontend.Wire;

namespace HermesX.Frontend.Chat;

/// <summary>A Chat Completions body: bound to <see cref="ChatCompletionRequest"/>, then validated into a turn's values.</summary>
public static class ChatRequestBody
{
    /// <summary>The request's body as a turn; a body HermesX refuses throws <see cref="ChatRequestException"/> or <see cref="ContentTooLargeException"/>.</summary>
    public static async ValueTask<ParsedChatRequest> ReadAsync(HttpRequest request, CancellationToken ct) =>
        Checked(ChatRequestValidator.Validate(await WireBody.ReadAsync(request.Body, ChatJson.Default.ChatCompletionRequest, ct)));

    public static ParsedChatRequest Parse(ReadOnlySpan<byte> json) =>
        Checked(ChatRequestValidator.Validate(WireBody.Read(json, ChatJson.Default.ChatCompletionRequest)));

    private static ParsedChatRequest Checked(ParsedChatRequest parsed)
    {
        ChatRequestValidator.CheckMediaSize(parsed.Messages);
        return parsed;
    }
}
