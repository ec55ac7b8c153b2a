using System.Collections;
using Microsoft.Extensions.AI;

namespace HermesX.Grains.Llm;

/// <summary>
/// The messages of one model call without copying them: the system prompt, the session's kept
/// history (a list that only grows while the session is active, the same list every turn) and the
/// turn's own messages so far. A client that can reuse what it made of the history last turn (the
/// OpenAI client keeps it encoded, see <see cref="OpenAi.EncodedHistory"/>) recognises it by this type.
/// </summary>
public sealed class Conversation(ChatMessage system, IReadOnlyList<ChatMessage> history, IReadOnlyList<ChatMessage> produced) : IReadOnlyList<ChatMessage>
{
    public ChatMessage System => system;

    public IReadOnlyList<ChatMessage> History => history;

    public IReadOnlyList<ChatMessage> Produced => produced;

    public int Count => 1 + history.Count + produced.Count;

    public ChatMessage this[int index] =>
        index == 0 ? system
        : index <= history.Count ? history[index - 1]
        : produced[index - 1 - history.Count];

    public IEnumerator<ChatMessage> GetEnumerator()
    {
        yield return system;
        foreach (var m in history)
        {
            yield return m;
        }
        foreach (var m in produced)
        {
            yield return m;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
