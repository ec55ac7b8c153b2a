using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace HermesX.Frontend.Chat;

/// <summary>What <see cref="WireErrors"/> needs to know of a member the wire lets take two shapes.</summary>
public interface IWireUnion
{
    /// <summary>The shapes the member may take, for the 400 ("a string or an array of content parts").</summary>
    string Expected { get; }

    /// <summary>The type an array form is read as, so an error inside it is named by its full path.</summary>
    Type? ArrayType { get; }

    /// <summary>The type an object form is read as.</summary>
    Type? ObjectType { get; }
}

/// <summary>
/// A converter for a member that is one of two JSON shapes (a string or an array, a string or an
/// object). A token of neither shape is refused with an empty <see cref="JsonException"/>: the
/// serializer fills in its path and <see cref="WireErrors"/> says what was expected.
/// </summary>
public abstract class WireUnionConverter<T> : JsonConverter<T>, IWireUnion
{
    public abstract string Expected { get; }

    public virtual Type? ArrayType => null;

    public virtual Type? ObjectType => null;

    protected static JsonException Mismatch() => new();

    /// <summary>
    /// Reads the array or object form with the context's own metadata. A nested read starts its own
    /// path at <c>$</c>, so its error is wrapped and <see cref="WireErrors"/> joins the two paths.
    /// </summary>
    protected static TNested? ReadNested<TNested>(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        try
        {
            return JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<TNested>)options.GetTypeInfo(typeof(TNested)));
        }
        catch (JsonException e)
        {
            throw new NestedWireException(e);
        }
    }

    protected static void WriteNested<TNested>(Utf8JsonWriter writer, TNested value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, (JsonTypeInfo<TNested>)options.GetTypeInfo(typeof(TNested)));
}

/// <summary>An error inside the array or object form of a union member; its inner exception's path is relative to the member.</summary>
public sealed class NestedWireException(JsonException inner) : JsonException(inner.Message, inner);
