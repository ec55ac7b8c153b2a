using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Wire;

/// <summary>The array walks every request validator makes: each element an object, named by its path in errors.</summary>
internal static class RequestArrays
{
    /// <summary><paramref name="list"/>, which must hold at least one element.</summary>
    public static IReadOnlyList<T?> NonEmpty<T>(IReadOnlyList<T?>? list, string name) where T : class =>
        list is { Count: > 0 } ? list : throw new ChatRequestException($"'{name}' must be a non-empty array", name);

    /// <summary>The elements of a bound array, none of them null, with its path (<c>messages[2]</c>).</summary>
    public static IEnumerable<(T Item, string Param)> Objects<T>(IReadOnlyList<T?> list, string name) where T : class
    {
        for (var i = 0; i < list.Count; i++)
        {
            var param = $"{name}[{i}]";
            yield return (list[i] ?? throw new ChatRequestException($"{param} must be an object", param), param);
        }
    }

    /// <summary>Two tools of one name would leave the model's call ambiguous.</summary>
    public static void EnsureUniqueNames(IReadOnlyCollection<ClientTool> tools)
    {
        if (tools.Select(t => t.Name).Distinct().Count() != tools.Count)
        {
            throw new ChatRequestException("tool names must be unique", "tools");
        }
    }
}
