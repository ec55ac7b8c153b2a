using HermesX.FakeLlm.Scripting;

namespace HermesX.FakeLlm.Conversation;

/// <summary>Turns the next scripted reply, or the default convention, into a <see cref="PlannedReply"/>.</summary>
internal static class ReplyPlanner
{
    private const int MaxEchoChars = 1000;

    public static PlannedReply Plan(FakeExchange exchange, FakeLlmState state, string toolIdPrefix)
    {
        var reply = state.TryDequeue(out var scripted) ? scripted : DefaultReply(exchange);
        var inputTokens = TokenCounter.Count(exchange.PromptChars);
        if (reply.ErrorStatus is { } status)
        {
            return new PlannedReply
            {
                ErrorStatus = status,
                ErrorMessage = reply.ErrorMessage ?? $"Scripted error {status}",
                DelayMs = reply.DelayMs,
                InputTokens = inputTokens,
            };
        }

        var text = reply.FullText;
        var chunks = reply.Chunks is { Count: > 0 } ? reply.Chunks : null;
        var finish = reply.ToolCalls.Count > 0 ? FakeFinish.ToolCalls : FakeFinish.Stop;
        if (reply.ToolCalls.Count == 0 && exchange.MaxTokens is { } max && max > 0 && TokenCounter.Count(text) > max)
        {
            text = text[..Math.Min(text.Length, max * 4)];
            chunks = null;
            finish = FakeFinish.Length;
        }

        var calls = reply.ToolCalls
            .Select(c => new PlannedToolCall(c.Id ?? $"{toolIdPrefix}{state.NextSequence():D6}", c.Name, c.ArgumentsJson))
            .ToList();
        var outputChars = text.Length + calls.Sum(c => c.Name.Length + c.ArgumentsJson.Length);
        return new PlannedReply
        {
            Text = text,
            Chunks = chunks ?? SplitWords(text),
            ToolCalls = calls,
            Finish = reply.Finish ?? finish,
            InputTokens = inputTokens,
            OutputTokens = TokenCounter.Count(outputChars),
            DelayMs = reply.DelayMs,
            ChunkDelayMs = reply.ChunkDelayMs,
            FailAfterChunks = reply.FailAfterChunks,
            FailWhen = reply.FailWhen,
            Refusal = reply.Refusal,
            CachedInputTokens = reply.CachedInputTokens,
            ReasoningTokens = reply.ReasoningTokens,
        };
    }

    private static FakeReply DefaultReply(FakeExchange exchange)
    {
        if (exchange.LastToolResults.Count > 0)
        {
            var lines = exchange.LastToolResults.Select(r => $"The {r.Name} tool returned: {r.Content}");
            return FakeReply.WithText(string.Join("\n", lines));
        }

        var calls = ToolCallConvention.Parse(exchange.LastUserText);
        if (calls.Count > 0)
        {
            return FakeReply.WithToolCalls([.. calls]);
        }

        var echo = exchange.LastUserText is { Length: > 0 } user
            ? user.Length > MaxEchoChars ? user[..MaxEchoChars] : user
            : null;
        return FakeReply.WithText(echo is null ? "Fake reply." : $"Fake reply to: {echo}");
    }

    /// <summary>Word-sized stream pieces, each keeping its trailing whitespace.</summary>
    private static List<string> SplitWords(string text)
    {
        var chunks = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]) && (i + 1 == text.Length || !char.IsWhiteSpace(text[i + 1])))
            {
                chunks.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            chunks.Add(text[start..]);
        }

        return chunks;
    }
}
