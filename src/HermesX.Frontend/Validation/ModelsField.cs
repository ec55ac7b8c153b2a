using System.Text.Json;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Frontend.Validation;

/// <summary>
/// The <c>models</c> field of tenants and API keys: absent (leave as is), null (no limit) or a list of
/// model ids and <c>*</c> patterns (<see cref="ModelAllowList"/>). Read as a JSON element because
/// absent and null mean different things on an update.
/// </summary>
public static class ModelsField
{
    public const string Name = "models";

    /// <summary>Whether the body names the field at all (null included).</summary>
    public static bool IsGiven(JsonElement value) => value.ValueKind != JsonValueKind.Undefined;

    /// <summary>What is wrong with the field, or nothing.</summary>
    public static IEnumerable<(string Field, string Message)> Check(JsonElement value)
    {
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            yield break;
        }
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            yield return (Name, $"'{Name}' must be a list of model ids or patterns (strings), or null for no limit");
        }
        else if (JsonText.FindProblem(value, Name) is { } at)
        {
            yield return (Name, $"'{at}' contains a NUL character or invalid Unicode");
        }
        else if (ModelAllowList.Problem(Name, Read(value)!) is { } problem)
        {
            yield return (Name, problem);
        }
    }

    /// <summary>The list a valid field gives: null when it is absent or null (no limit), each entry once.</summary>
    public static IReadOnlyList<string>? Read(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(e => e.GetString()!).Distinct(StringComparer.OrdinalIgnoreCase).ToArray()
            : null;
}
