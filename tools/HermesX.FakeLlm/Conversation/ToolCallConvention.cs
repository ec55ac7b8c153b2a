using System.Text;
using System.Text.Json;
using HermesX.FakeLlm.Scripting;

namespace HermesX.FakeLlm.Conversation;

/// <summary>
/// The default tool convention: a user message containing <c>call:NAME</c>, optionally followed by a
/// JSON object of arguments (<c>call:calculator {"expression":"2+2"}</c>), is answered with that tool
/// call. Several <c>call:</c> markers give several calls in one answer.
/// </summary>
public static class ToolCallConvention
{
    private const string Marker = "call:";

    public static IReadOnlyList<FakeToolCall> Parse(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Contains(Marker, StringComparison.Ordinal))
        {
            return [];
        }

        var calls = new List<FakeToolCall>();
        var index = text.IndexOf(Marker, StringComparison.Ordinal);
        while (index >= 0)
        {
            var position = index + Marker.Length;
            var nameStart = position;
            while (position < text.Length && IsNameChar(text[position]))
            {
                position++;
            }

            if (position > nameStart)
            {
                var name = text[nameStart..position];
                var arguments = ReadArguments(text, ref position);
                calls.Add(new FakeToolCall(name, arguments));
            }

            index = text.IndexOf(Marker, position, StringComparison.Ordinal);
        }

        return calls;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';

    private static string ReadArguments(string text, ref int position)
    {
        var start = position;
        while (start < text.Length && text[start] is ' ' or '\t')
        {
            start++;
        }

        if (start >= text.Length || text[start] != '{')
        {
            return "{}";
        }

        var bytes = Encoding.UTF8.GetBytes(text[start..]);
        var reader = new Utf8JsonReader(bytes, isFinalBlock: true, state: default);
        try
        {
            if (reader.Read() && reader.TrySkip())
            {
                var length = (int)reader.BytesConsumed;
                var json = Encoding.UTF8.GetString(bytes, 0, length);
                position = start + json.Length;
                return json;
            }
        }
        catch (JsonException)
        {
            // Not valid JSON after the name: the call gets no arguments.
        }

        return "{}";
    }
}
