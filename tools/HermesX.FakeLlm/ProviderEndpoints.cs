using HermesX.FakeLlm.Protocols;
using HermesX.FakeLlm.Protocols.Anthropic;
using HermesX.FakeLlm.Protocols.Gemini;
using HermesX.FakeLlm.Protocols.OpenAi;
using HermesX.FakeLlm.Scripting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HermesX.FakeLlm;

/// <summary>The provider routes, each speaking that provider's real wire format.</summary>
internal static class ProviderEndpoints
{
    public static void MapFakeProviders(this IEndpointRouteBuilder app, FakeRequestHandler handler, FakeLlmOptions options, FakeLlmState state)
    {
        app.MapPost("/v1/chat/completions", context => handler.HandleAsync(context, OpenAiProtocol.Instance));
        app.MapPost("/v1/embeddings", new OpenAiEmbeddings(state, handler).HandleAsync);
        app.MapGet("/v1/models", context => JsonBody.WriteAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            foreach (var model in options.Models)
            {
                writer.WriteStartObject();
                writer.WriteString("id", model);
                writer.WriteString("object", "model");
                writer.WriteNumber("created", 1_700_000_000);
                writer.WriteString("owned_by", "hermesx-fake");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }));

        app.MapPost("/v1/messages", context => handler.HandleAsync(context, AnthropicProtocol.Instance));

        // Gemini names the method after a colon in the last segment: models/{model}:generateContent.
        RequestDelegate gemini = context =>
        {
            var target = context.Request.RouteValues["target"] as string ?? "";
            if (GeminiProtocol.ParseTarget(target) is not { } parsed)
            {
                return GeminiProtocol.Instance.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Unknown method {target}");
            }

            context.Items[GeminiProtocol.ModelItem] = parsed.Model;
            context.Items[GeminiProtocol.StreamItem] = parsed.Stream;
            return handler.HandleAsync(context, GeminiProtocol.Instance);
        };
        app.MapPost("/v1beta/models/{target}", gemini);
        app.MapPost("/v1/models/{target}", gemini);
    }
}
