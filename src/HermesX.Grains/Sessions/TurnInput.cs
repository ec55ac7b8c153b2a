using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Grains.Sessions;

/// <summary>
/// Works out which of a request's messages are new. OpenAI clients resend the whole conversation
/// each time while session-aware clients send only the new message; both work: a new session takes
/// the whole conversation, an existing one takes what follows the last assistant message.
/// </summary>
public static class TurnInput
{
    /// <param name="gated">
    /// Calls of the last answer that wait for (or had) a person's approval: HermesX answers them itself, so the caller may not,
    /// and a request that only decides them (no messages) continues the conversation.
    /// </param>
    public static (IReadOnlyList<string> System, IReadOnlyList<SessionMessage> Incoming) Split(
        IReadOnlyList<SessionMessage> history, IReadOnlyList<SessionMessage> messages, IReadOnlySet<string>? gated = null)
    {
        gated ??= new HashSet<string>();
        var system = messages.Where(m => m.Role == "system").Select(m => m.Content).ToList();
        var rest = messages.Where(m => m.Role != "system").ToList();
        if (history.Count > 0)
        {
            var lastAssistant = rest.FindLastIndex(m => m.Role == "assistant");
            rest = rest[(lastAssistant + 1)..];
        }
        if (rest.Count == 0 ? gated.Count == 0 : rest[^1].Role is not ("user" or "tool"))
        {
            throw Reject("messages must end with a user message or tool results");
        }

        // Only the answers after the last assistant message are checked: they must match its tool calls exactly.
        // The last assistant message is in what was sent or else near the end of the history (which
        // is not copied: it grows with every turn).
        var lastSent = rest.FindLastIndex(m => m.Role == "assistant");
        var lastKept = history.Count - 1;
        while (lastSent < 0 && lastKept >= 0 && history[lastKept].Role != "assistant")
        {
            lastKept--;
        }
        var last = lastSent >= 0 ? rest[lastSent] : lastKept >= 0 ? history[lastKept] : null;
        var after = lastSent >= 0 ? rest.Skip(lastSent + 1) : history.Skip(lastKept + 1).Concat(rest);
        var pending = last?.ToolCalls is { Count: > 0 } calls ? calls.Select(c => c.Id).ToHashSet() : [];
        var answers = after.Where(m => m.Role == "tool").ToList();
        foreach (var tool in answers)
        {
            if (tool.ToolCallId is { } gatedCall && gated.Contains(gatedCall))
            {
                throw Reject($"tool call '{gatedCall}' waits for a person's approval: HermesX runs or denies it, so no result may be sent for it");
            }
            if (tool.ToolCallId is null || !pending.Contains(tool.ToolCallId))
            {
                throw Reject($"tool message answers unknown tool_call_id '{tool.ToolCallId}'");
            }
        }
        var missing = pending.Except(answers.Select(a => a.ToolCallId!)).Except(gated).ToList();
        if (missing.Count > 0)
        {
            throw Reject($"the session is waiting for results of tool calls: {string.Join(", ", missing)}");
        }
        return (system, rest);
    }

    /// <summary>
    /// Gives each tool call of a cancelled turn's last answer that has no result one that says it was cancelled: kept
    /// without one, the conversation would wait for results nobody sends, and a model provider refuses such a history.
    /// </summary>
    public static void AnswerCancelledCalls(List<SessionMessage> produced)
    {
        var last = produced.FindLastIndex(m => m.Role == "assistant");
        if (last < 0 || produced[last].ToolCalls is not { Count: > 0 } calls)
        {
            return;
        }
        var answered = produced.Skip(last + 1).Where(m => m.Role == "tool").Select(m => m.ToolCallId).ToHashSet();
        foreach (var call in calls.Where(c => !answered.Contains(c.Id)))
        {
            produced.Add(new SessionMessage("tool", "error: the turn was cancelled before this tool call finished", ToolCallId: call.Id, Name: call.Name));
        }
    }

    private static TurnErrorException Reject(string message) => new(new TurnError(TurnErrorKind.InvalidMessages, message));
}
