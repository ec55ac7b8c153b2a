using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace HermesX.Frontend.Chat;

/// <summary>
/// A 200 of already encoded JSON, written as is, and documented as <typeparamref name="TShape"/>:
/// either a wire record serialized by its source-generated context (<see cref="Of"/>, the chat
/// completion), or what a hand-written wire writer (the Messages and Responses wires) produced.
/// </summary>
public sealed class WireJson<TShape>(byte[] body) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public static WireJson<TShape> Of(TShape value, JsonTypeInfo<TShape> type) => new(JsonSerializer.SerializeToUtf8Bytes(value, type));

    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => "application/json";

    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Bytes(body, ContentType).ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(TShape), ["application/json"]));
}

/// <summary>
/// The answer of a handler that has written a <c>text/event-stream</c> itself (the stream writers
/// own framing, heartbeats and the end of the stream); documents that 200 beside the JSON one.
/// </summary>
public sealed class EventStreamWritten : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult
{
    public static readonly EventStreamWritten Instance = new();

    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext) => Task.CompletedTask;

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => builder.Metadata.Add(EventStreamResponse.Instance);
}

/// <summary>
/// Marks an endpoint whose 200 is also a <c>text/event-stream</c> when the request asks to stream;
/// the OpenAPI document adds it beside the JSON 200 (the API explorer keeps one type per status).
/// </summary>
public sealed class EventStreamResponse
{
    public static readonly EventStreamResponse Instance = new();
}
