using System.Text.Json;
using System.Text.Json.Serialization;
using HermesX.Frontend.Errors;
using Microsoft.AspNetCore.Http;

namespace HermesX.Frontend.Messages;

/// <summary>The shape <see cref="AnthropicErrors.Body"/> writes, for the OpenAPI document of the Messages path.</summary>
public sealed record AnthropicErrorBody(string Type, AnthropicErrorDetail Error, [property: JsonPropertyName("request_id")] string? RequestId);

public sealed record AnthropicErrorDetail(string Type, string Message);

/// <summary>
/// The Anthropic error shape, <c>{"type":"error","error":{"type","message"},"request_id"}</c>. Every
/// failure on the Messages path takes it, whoever answers (auth, rate limiter, body limits, handler),
/// because Anthropic SDKs read <c>error.type</c> and would report any other body as unparseable.
/// </summary>
public static class AnthropicErrors
{
    public const string Path = "/v1/messages";

    public static bool Applies(HttpContext http) => http.Request.Path.StartsWithSegments(Path);

    /// <summary>The Anthropic <c>error.type</c> for a status, as Anthropic documents them.</summary>
    public static string TypeFor(int status) => status switch
    {
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        // HermesX answers 503 when a dependency or the model provider is temporarily unavailable: retryable, like Anthropic's 529.
        503 or 529 => "overloaded_error",
        >= 500 => "api_error",
        _ => "invalid_request_error",
    };

    public static byte[] Body(HttpContext http, int status, string message)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", "error");
            w.WriteStartObject("error");
            w.WriteString("type", TypeFor(status));
            w.WriteString("message", message);
            w.WriteEndObject();
            if (RequestIds.Get(http) is { } id)
            {
                w.WriteString("request_id", id);
            }
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static async Task WriteAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(Body(http, status, message));
    }
}
