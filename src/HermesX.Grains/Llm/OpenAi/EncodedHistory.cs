using System.Buffers;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace HermesX.Grains.Llm.OpenAi;

/// <summary>
/// A session's history in the Chat Completions wire, kept in one buffer beside the history list and
/// extended by the messages added since the last call: a turn copies the history's bytes in one
/// pass instead of visiting each message object (which, with a long history, cost more than the
/// rest of the request). A list that was cleared and filled again is noticed by its first and last
/// encoded messages no longer being the same objects, and encoded afresh.
/// </summary>
public sealed class EncodedHistory
{
    private static readonly ConditionalWeakTable<IReadOnlyList<ChatMessage>, EncodedHistory> s_kept = [];

    private static readonly EncodedHistory Empty = new();

    private readonly ArrayBufferWriter<byte> _bytes = new(1024);
    private readonly List<int> _ends = [];
    private ChatMessage? _first;
    private ChatMessage? _last;

    public int Count => _ends.Count;

    public int Length => _bytes.WrittenCount;

    /// <summary>The encoded history of <paramref name="history"/>, brought up to date.</summary>
    public static EncodedHistory Of(IReadOnlyList<ChatMessage> history)
    {
        if (history.Count == 0)
        {
            // A new session's: nothing to keep (its first turn may well be its last).
            return Empty;
        }
        var kept = s_kept.GetValue(history, static _ => new EncodedHistory());
        kept.CatchUp(history);
        return kept;
    }

    /// <summary>The encoded message at <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            var start = index == 0 ? 0 : _ends[index - 1];
            return _bytes.WrittenSpan[start.._ends[index]];
        }
    }

    private void CatchUp(IReadOnlyList<ChatMessage> history)
    {
        if (Count > history.Count || (Count > 0 && (!ReferenceEquals(history[0], _first) || !ReferenceEquals(history[Count - 1], _last))))
        {
            _bytes.Clear();
            _ends.Clear();
        }
        for (var i = Count; i < history.Count; i++)
        {
            var m = history[i];
            // Not kept on the message too: the history's bytes are held once, here.
            _bytes.Write((m.RawRepresentation as EncodedJson ?? OpenAiMessages.Encode(m)).Utf8);
            _ends.Add(_bytes.WrittenCount);
        }
        if (history.Count > 0)
        {
            (_first, _last) = (history[0], history[^1]);
        }
    }
}
