using System.Text.Json;
using HermesX.FakeLlm.Protocols;
using HermesX.FakeLlm.Scripting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HermesX.FakeLlm;

/// <summary>The <c>/_fake/*</c> endpoints that script the server and read back what it received.</summary>
internal static class ControlEndpoints
{
    public static void MapFakeControl(this IEndpointRouteBuilder app, FakeLlmState state)
    {
        var group = app.MapGroup("/_fake");
        group.MapPost("/script", async context =>
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
                state.Enqueue(FakeScriptJson.Parse(document.RootElement));
            }
            catch (JsonException e)
            {
                await JsonBody.WriteAsync(context, 400, w => WriteObject(w, "error", e.Message));
                return;
            }

            await JsonBody.WriteAsync(context, 200, w => WriteNumber(w, "pending", state.PendingReplies));
        });
        group.MapPost("/reset", context =>
        {
            state.Reset();
            return JsonBody.WriteAsync(context, 200, w => WriteNumber(w, "pending", 0));
        });
        group.MapGet("/requests", context => JsonBody.WriteAsync(context, 200, w => WriteRequests(w, state.Requests)));
        group.MapGet("/config", context => JsonBody.WriteAsync(context, 200, w => WriteNumber(w, "latency_ms", state.LatencyMs)));
        group.MapPost("/config", async context =>
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            if (document.RootElement.Int("latency_ms") is { } latency)
            {
                state.LatencyMs = latency;
            }

            await JsonBody.WriteAsync(context, 200, w => WriteNumber(w, "latency_ms", state.LatencyMs));
        });
        group.MapGet("/health", context => JsonBody.WriteAsync(context, 200, w => WriteObject(w, "status", "ok")));
    }

    private static void WriteRequests(Utf8JsonWriter writer, IReadOnlyList<RecordedRequest> requests)
    {
        writer.WriteStartArray();
        foreach (var request in requests)
        {
            writer.WriteStartObject();
            writer.WriteString("provider", request.Provider);
            writer.WriteString("method", request.Method);
            writer.WriteString("path", request.Path);
            writer.WriteString("query", request.Query);
            writer.WriteString("model", request.Model);
            writer.WriteBoolean("stream", request.Stream);
            writer.WriteStartObject("headers");
            foreach (var (name, value) in request.Headers)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            writer.WritePropertyName("body");
            if (request.Json() is { } json)
            {
                json.WriteTo(writer);
            }
            else
            {
                writer.WriteStringValue(request.Body);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteObject(Utf8JsonWriter writer, string name, string value)
    {
        writer.WriteStartObject();
        writer.WriteString(name, value);
        writer.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, int value)
    {
        writer.WriteStartObject();
        writer.WriteNumber(name, value);
        writer.WriteEndObject();
    }
}
