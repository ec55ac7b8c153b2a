using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace HermesX.Frontend.Wire;

/// <summary>What <see cref="WireErrors"/> needs to know of a member the wire lets take several shapes.</summary>
public interface IWireUnion
{
    /// <summary>The shapes the member may take, for the 400 ("a string or an array of content parts").</summary>
    string Expected { get; }
}

/// <summary>
/// A converter for a member that is one of several JSON shapes (a string or an array, a string or
/// an object, an object of one of several types). A token of no such shape is refused with an
/// empty <see cref="JsonException"/>: the serializer fills in its path and <see cref="WireErrors"/>
/// says what was expected.
/// </summary>
public abstract class WireUnionConverter<T> : JsonConverter<T>, IWireUnion
{
    public abstract string Expected { get; }

    protected static JsonException Mismatch() => new();

    /// <summary>Request bodies are only read: nothing writes a union member back.</summary>
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        throw new NotSupportedException($"{typeof(T).Name} is read from request bodies only");

    /// <summary>A string token read as the context reads every string (NUL and invalid Unicode refused).</summary>
    protected static string? ReadString(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
        ((JsonConverter<string>)options.GetConverter(typeof(string))).Read(ref reader, typeof(string), options);

    /// <summary>
    /// Reads the array or object form with the context's own metadata. A nested read starts its own
    /// path at <c>$</c>, so its error is wrapped with the type it was reading, and <see cref="WireErrors"/>
    /// joins the two paths and looks the field up from that type.
    /// </summary>
    protected static TNested? ReadNested<TNested>(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        try
        {
            return JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<TNested>)options.GetTypeInfo(typeof(TNested)));
        }
        catch (JsonException e)
        {
            throw new NestedWireException(e, typeof(TNested));
        }
    }
}

/// <summary>
/// A member that is a string or one other shape, read as <typeparamref name="TOther"/>: an array
/// (<paramref name="other"/> <see cref="JsonTokenType.StartArray"/>) or an object.
/// </summary>
public abstract class StringOrConverter<TUnion, TOther>(JsonTokenType other) : WireUnionConverter<TUnion>
{
    protected abstract TUnion FromString(string? text);

    protected abstract TUnion FromOther(TOther? value);

    public override TUnion? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? FromString(ReadString(ref reader, options))
        : reader.TokenType == other ? FromOther(ReadNested<TOther>(ref reader, options))
        : throw Mismatch();
}

/// <summary>
/// A member that is an object of one of several kinds, told apart by its <c>type</c>, each read as
/// its own record so its members are checked as that kind's; a kind the API cannot take is skipped
/// and kept by its type only, to be refused by name.
/// </summary>
public abstract class ByTypeConverter<T> : WireUnionConverter<T>
{
    /// <summary>The object read as its kind's record, or null for a kind the API cannot take.</summary>
    protected abstract T? ReadKind(string? type, ref Utf8JsonReader reader, JsonSerializerOptions options);

    protected abstract T Unknown(string? type);

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Mismatch();
        }
        var type = TypeOf(reader, options);
        if (ReadKind(type, ref reader, options) is { } known)
        {
            return known;
        }
        reader.Skip();
        return Unknown(type);
    }

    /// <summary>
    /// The <c>type</c> of the object the reader is at, read from a copy of the reader: the serializer
    /// hands a converter the whole object, so it can be looked through before it is read as its kind's record.
    /// </summary>
    private static string? TypeOf(Utf8JsonReader reader, JsonSerializerOptions options)
    {
        var depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1)
            {
                var isType = reader.ValueTextEquals("type");
                reader.Read();
                if (isType)
                {
                    return reader.TokenType == JsonTokenType.String ? ReadString(ref reader, options) : null;
                }
                reader.Skip();
            }
        }
        return null;
    }
}

/// <summary>An error inside the array or object form of a union member, read as <see cref="Type"/>; its inner exception's path is relative to the member.</summary>
public sealed class NestedWireException(JsonException inner, Type type) : JsonException(inner.Message, inner)
{
    public Type Type { get; } = type;
}
