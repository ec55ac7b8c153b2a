using System.Text;

namespace HermesX.Grains.Abstractions.Text;

/// <summary>
/// Text Postgres can store: <c>text</c> refuses U+0000, <c>jsonb</c> refuses the <c>\u0000</c> escape,
/// and Npgsql's strict UTF-8 encoder refuses an unpaired surrogate. Everything else is storable.
/// </summary>
public static class StorableText
{
    /// <summary>What replaces a character that cannot be stored, where the text must be kept anyway (audit rows).</summary>
    public const char Replacement = '\uFFFD';

    public static bool IsStorable(string? s) => s is null || FirstProblem(s) < 0;

    /// <summary>Index of the first NUL or unpaired surrogate, or -1.</summary>
    public static int FirstProblem(ReadOnlySpan<char> s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\0')
            {
                return i;
            }
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                {
                    i++;
                    continue;
                }
                return i;
            }
            if (char.IsLowSurrogate(c))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The text with every NUL and unpaired surrogate replaced by U+FFFD; the same instance when nothing needs it.</summary>
    public static string Sanitize(string s)
    {
        var first = FirstProblem(s);
        if (first < 0)
        {
            return s;
        }
        var sb = new StringBuilder(s.Length);
        sb.Append(s, 0, first);
        for (var i = first; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                sb.Append(c).Append(s[++i]);
            }
            else
            {
                sb.Append(c == '\0' || char.IsSurrogate(c) ? Replacement : c);
            }
        }
        return sb.ToString();
    }

    public static string? SanitizeNullable(string? s) => s is null ? null : Sanitize(s);
}
