using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Grains.Abstractions.Llm;

/// <summary>
/// The models a tenant or an API key may call: model ids or patterns where <c>*</c> stands for any
/// run of characters (<c>gpt-4o*</c>). Null is no limit. Ids are matched without regard to case, as
/// the catalog looks them up.
/// </summary>
public static class ModelAllowList
{
    /// <summary>Entries in one list: enough for any catalog, small enough to check on every turn.</summary>
    public const int MaxEntries = 100;

    /// <summary>Longest entry; model ids are far shorter.</summary>
    public const int MaxEntryLength = 200;

    /// <summary>Whether <paramref name="list"/> lets <paramref name="modelId"/> be called.</summary>
    public static bool Allows(IReadOnlyList<string>? list, string modelId) =>
        list is null || list.Any(pattern => Matches(pattern, modelId));

    /// <summary>
    /// The refusal of a call to <paramref name="modelId"/> by the calling key's list or, failing that, the
    /// tenant's (a model must pass both); null when both let it be called.
    /// </summary>
    public static TurnError? Refusal(IReadOnlyList<string>? keyModels, IReadOnlyList<string>? tenantModels, string modelId)
    {
        var refusedBy = !Allows(keyModels, modelId) ? "this API key" : !Allows(tenantModels, modelId) ? "this tenant" : null;
        return refusedBy is null ? null : new TurnError(TurnErrorKind.ModelNotAllowed,
            $"The model '{modelId}' is not allowed for {refusedBy}; GET /v1/models lists the models it may use", "model");
    }

    /// <summary>Whether every model <paramref name="pattern"/> matches is also allowed by <paramref name="list"/>.</summary>
    /// <remarks>
    /// The pattern is read as text against the list's patterns: a <c>*</c> of the pattern can only be
    /// matched by a <c>*</c> of the list's (which matches anything in its place), so no model the
    /// pattern admits escapes the list.
    /// </remarks>
    public static bool Covers(IReadOnlyList<string>? list, string pattern) => Allows(list, pattern);

    /// <summary>What is wrong with the entries of a list (empty, too long, too many), or null when they are valid.</summary>
    public static string? Problem(string field, IReadOnlyList<string> entries)
    {
        if (entries.Count == 0)
        {
            return $"'{field}' must name at least one model id or pattern; null means no limit";
        }
        if (entries.Count > MaxEntries)
        {
            return $"'{field}' may name at most {MaxEntries} model ids or patterns";
        }
        foreach (var entry in entries)
        {
            if (string.IsNullOrWhiteSpace(entry) || entry.Trim().Length != entry.Length)
            {
                return $"'{field}' entries must be non-empty model ids or patterns without surrounding spaces";
            }
            if (entry.Length > MaxEntryLength)
            {
                return $"'{field}' entries must be at most {MaxEntryLength} characters";
            }
            if (entry.Any(char.IsControl))
            {
                return $"'{field}' entries must not contain control characters";
            }
        }
        return null;
    }

    /// <summary><c>*</c> matches any run of characters (none included); everything else matches itself, in any case.</summary>
    public static bool Matches(string pattern, string modelId)
    {
        // Greedy match with backtracking to the last '*': linear in practice, no regex to build per turn.
        int p = 0, m = 0, star = -1, resume = 0;
        while (m < modelId.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = m;
            }
            else if (p < pattern.Length && char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(modelId[m]))
            {
                p++;
                m++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                m = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }
}
