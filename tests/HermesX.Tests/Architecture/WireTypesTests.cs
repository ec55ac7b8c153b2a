using System.Text.Json;
using System.Text.Json.Serialization;
using HermesX.Frontend.Chat;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Xunit;

namespace HermesX.Tests.Architecture;

/// <summary>
/// The turn endpoints document the very types they write: every JSON answer of Chat Completions,
/// Embeddings, Messages and Responses is a record one of the source-generated wire contexts serializes, so no
/// record exists only to describe the wire to the OpenAPI document.
/// </summary>
public sealed class WireTypesTests
{
    private static readonly string[] TurnRoutes = ["/v1/chat/", "/v1/agent/", "/v1/embeddings", "/v1/messages", "/v1/responses"];

    [Fact]
    public void EveryJsonAnswerOfATurnEndpointIsAWireRecordItsContextWrites()
    {
        var contexts = typeof(ChatJson).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(JsonSerializerContext)))
            .Select(t => (JsonSerializerContext)t.GetProperty("Default")!.GetValue(null)!)
            .ToList();
        Assert.Equal(4, contexts.Count);

        using var app = UnstartedHost.Build();
        var answers = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => TurnRoutes.Any(r => ("/" + e.RoutePattern.RawText!.TrimStart('/')).StartsWith(r, StringComparison.Ordinal)))
            .SelectMany(e => e.Metadata.OfType<IProducesResponseTypeMetadata>()
                .Where(m => m.StatusCode is >= 200 and < 300 && m.Type is { } t && t != typeof(void) && m.ContentTypes.Contains("application/json"))
                .Select(m => (Route: e.RoutePattern.RawText, Type: m.Type!)))
            .ToList();

        Assert.Contains(answers, a => a.Type.Name == "ChatCompletion");
        Assert.Contains(answers, a => a.Type.Name == "AnthropicMessageResponse");
        Assert.Contains(answers, a => a.Type.Name == "ResponseObject");
        Assert.Contains(answers, a => a.Type.Name == "CreateEmbeddingResponse");
        Assert.All(answers, a => Assert.True(contexts.Any(c => c.GetTypeInfo(a.Type) is not null),
            $"{a.Route} documents {a.Type.Name}, which no wire context writes"));
        Assert.DoesNotContain(typeof(ChatJson).Assembly.GetTypes(), t => t.Name.EndsWith("Shape", StringComparison.Ordinal));
    }
}
