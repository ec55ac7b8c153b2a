using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace HermesX.Frontend.Errors;

/// <summary>The OpenAI-style error body every failure uses: <c>{"error":{...}}</c>.</summary>
public sealed record ApiErrorBody(ApiErrorDetail Error);

public sealed record ApiErrorDetail(
    string Message,
    string Type,
    string Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Param,
    [property: JsonPropertyName("request_id")] string? RequestId);

/// <summary>Builds error results; messages are written for the caller and never carry secrets, SQL or stack traces.</summary>
public static class ApiError
{
    public static ApiErrorResult BadRequest(string message, string? param = null, string code = "invalid_request") =>
        Create(StatusCodes.Status400BadRequest, message, code, param);

    public static ApiErrorResult NotFound(string message) => Create(StatusCodes.Status404NotFound, message, "not_found");

    public static ApiErrorResult Conflict(string message) => Create(StatusCodes.Status409Conflict, message, "conflict");

    public static ApiErrorResult Forbidden(string message) => Create(StatusCodes.Status403Forbidden, message, "forbidden");

    public static ApiErrorResult Unavailable(string message) => Create(StatusCodes.Status503ServiceUnavailable, message, "service_unavailable");

    public static ApiErrorResult Create(int status, string message, string code, string? param = null) =>
        new(status, message, code, param);

    public static string TypeFor(int status) => status switch
    {
        401 => "authentication_error",
        403 => "permission_error",
        429 => "rate_limit_error",
        >= 500 => "api_error",
        _ => "invalid_request_error",
    };

    /// <summary>
    /// Writes the error directly (for middleware and auth handlers that have no IResult pipeline); on
    /// the Anthropic Messages path, in Anthropic's shape.
    /// </summary>
    public static Task WriteAsync(HttpContext http, int status, string message, string code, string? param = null)
    {
        http.Response.StatusCode = status;
        // Set again: an exception handler clears the headers set earlier in the pipeline.
        if (RequestIds.Get(http) is { } id)
        {
            http.Response.Headers[RequestIds.Header] = id;
        }
        if (Messages.AnthropicErrors.Applies(http))
        {
            return Messages.AnthropicErrors.WriteAsync(http, status, message);
        }
        var body = new ApiErrorBody(new ApiErrorDetail(message, TypeFor(status), code, param, RequestIds.Get(http)));
        return http.Response.WriteAsJsonAsync(body, HermesJson.Options, contentType: "application/json");
    }
}
