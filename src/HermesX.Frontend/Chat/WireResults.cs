using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace HermesX.Frontend.Chat;

/// <summary>
/// A 200 whose JSON a wire writer (<see cref="ChatWire"/>, the Messages and Responses wires) has
/// already encoded, written as is. <typeparamref name="TShape"/> only describes it in the OpenAPI
/// document: the wire objects keep the exact field order and nulls their SDKs expect, which a
/// serialized record would not.
/// </summary>
public sealed class WireJson<TShape>(byte[] body) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IContentTypeHttpResult
{
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

/// <summary>The OpenAI <c>chat.completion</c> object as <see cref="ChatWire.Completion"/> writes it, for the OpenAPI document.</summary>
public sealed record ChatCompletionShape(string Id, string Object, long Created, string Model, string SystemFingerprint,
    IReadOnlyList<ChatChoiceShape> Choices, JsonObject Usage, string SessionId);

public sealed record ChatChoiceShape(int Index, JsonObject Message, JsonObject? Logprobs, string FinishReason);

/// <summary>The Anthropic <c>message</c> object as the Messages wire writes it, for the OpenAPI document.</summary>
public sealed record AnthropicMessageShape(string Id, string Type, string Role, string Model, IReadOnlyList<JsonObject> Content,
    string StopReason, string? StopSequence, JsonObject Usage);

/// <summary>The OpenAI Responses <c>response</c> object as the Responses wire writes it, for the OpenAPI document.</summary>
public sealed record ResponseShape(string Id, string Object, long CreatedAt, string Status, JsonObject? Error, JsonObject? IncompleteDetails,
    string Model, IReadOnlyList<JsonObject> Output, JsonObject? Usage);

/// <summary>The answer to deleting a stored response.</summary>
public sealed record ResponseDeletedShape(string Id, string Object, bool Deleted);

/// <summary>
/// A chat completion request as <see cref="ChatRequestParser"/> reads it, for the OpenAPI document;
/// open, as the provider fields (<see cref="ProviderFields"/>) it also accepts depend on the model.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record ChatCompletionRequestShape(IReadOnlyList<JsonObject> Messages, string? Model, bool? Stream, JsonObject? StreamOptions,
    IReadOnlyList<JsonObject>? Tools, JsonNode? ToolChoice, int? MaxTokens, int? MaxCompletionTokens, double? Temperature, string? SessionId);

/// <summary>The optional body of an abort; the <c>X-Hermes-Session-Id</c> header may name the session instead.</summary>
public sealed record AbortRequestShape(string? SessionId);

/// <summary>An Anthropic Messages request: the fields <see cref="Messages.MessagesRequestParser"/> knows, any other is 400.</summary>
public sealed record AnthropicMessagesRequestShape(string Model, int MaxTokens, IReadOnlyList<JsonObject> Messages, JsonNode? System,
    IReadOnlyList<JsonObject>? Tools, JsonObject? ToolChoice, double? Temperature, double? TopP, int? TopK, IReadOnlyList<string>? StopSequences,
    bool? Stream, JsonObject? Metadata);

/// <summary>A Responses request: the fields <see cref="Responses.ResponsesRequestParser"/> knows, any other is 400.</summary>
public sealed record ResponsesRequestShape(JsonNode Input, string? Model, string? Instructions, IReadOnlyList<JsonObject>? Tools, JsonNode? ToolChoice,
    int? MaxOutputTokens, double? Temperature, string? PreviousResponseId, bool? Store, bool? Stream, JsonObject? Metadata, string? User,
    bool? ParallelToolCalls, string? Truncation, JsonObject? Text, IReadOnlyList<string>? Include, double? TopP);
