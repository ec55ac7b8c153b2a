using System.Text.Json;
using System.Text.Json.Serialization;
using HermesX.Frontend.Validation;

namespace HermesX.Frontend.Errors;

/// <summary>JSON conventions of the HTTP API: snake_case, unknown fields refused, nulls omitted.</summary>
public static class HermesJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        o.DictionaryKeyPolicy = null;
        o.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        o.NumberHandling = JsonNumberHandling.Strict;
        o.Converters.Add(new StorableStringConverter());
        return o;
    }
}
