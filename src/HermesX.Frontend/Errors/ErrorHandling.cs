using System.Text;
using System.Text.Json;
using HermesX.Frontend.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HermesX.Frontend.Errors;

/// <summary>
/// Turns every failure, thrown or not, into the JSON error shape with the right status; the request
/// pipeline (<see cref="Hosting.RequestPipeline"/>) calls it around everything else.
/// </summary>
public static class ErrorHandling
{
    /// <summary>An error status answered with no body (a framework 404 or 405, a bare challenge) gets the JSON one.</summary>
    public static Task WriteBodyIfMissingAsync(HttpContext http)
    {
        var response = http.Response;
        if (response.HasStarted || response.StatusCode is < 400 or >= 600 || response.ContentLength.HasValue || !string.IsNullOrEmpty(response.ContentType))
        {
            return Task.CompletedTask;
        }
        var status = response.StatusCode;
        var (message, code) = status switch
        {
            404 => ("No such endpoint: " + http.Request.Method + " " + http.Request.Path, "not_found"),
            405 => ("Method " + http.Request.Method + " is not allowed on " + http.Request.Path, "method_not_allowed"),
            401 => ("Missing or invalid credentials", "unauthorized"),
            403 => ("Not allowed", "forbidden"),
            408 => (SlowBody, "request_timeout"),
            413 => ("Request body too large", "body_too_large"),
            415 => ("Unsupported content type: send application/json", "unsupported_media_type"),
            400 => ("Invalid request", "invalid_request"),
            _ => ("Request failed", "error"),
        };
        return ApiError.WriteAsync(http, status, message, code);
    }

    /// <summary>The answer to an exception thrown before the response started (the caller has cleared what was set before).</summary>
    public static Task HandleAsync(HttpContext http, Exception error)
    {
        switch (error)
        {
            case BadHttpRequestException bad:
                return ApiError.WriteAsync(http, bad.StatusCode, Describe(http.Request, bad), bad.StatusCode switch
                {
                    408 => "request_timeout",
                    413 => "body_too_large",
                    415 => "unsupported_media_type",
                    _ when bad.InnerException is JsonException => "invalid_json",
                    _ => "invalid_request",
                });
            case JsonException json:
                return ApiError.WriteAsync(http, 400, "Invalid JSON body: " + Clean(json), "invalid_json");
            case OperationCanceledException when http.RequestAborted.IsCancellationRequested:
                http.Response.StatusCode = 499;
                return Task.CompletedTask;
            // Last line of defence: handlers refuse such text first, so nothing was half-written.
            case System.Data.Common.DbException { SqlState: "22021" or "22P05" } or EncoderFallbackException or DecoderFallbackException:
                Log(http, error, LogLevel.Warning);
                return ApiError.WriteAsync(http, 400, "The request contains a NUL character or invalid Unicode", "invalid_request");
            case not null when Unavailable(error) is { } unavailable:
                Log(http, error, LogLevel.Warning);
                return ApiError.WriteAsync(http, 503, unavailable.Message, unavailable.Code);
            default:
                Log(http, error, LogLevel.Error);
                return ApiError.WriteAsync(http, 500, "Internal error; quote the request id when reporting it", "internal_error");
        }
    }

    /// <summary>
    /// The 503 for a failure of something HermesX depends on: Postgres (store_unavailable, nothing of
    /// the request was acknowledged), or the cluster and other dependencies; null for any other error.
    /// </summary>
    public static (string Code, string Message)? Unavailable(Exception error) => error switch
    {
        System.Data.Common.DbException => ("store_unavailable", "The database is unavailable; nothing was stored, try again shortly"),
        TimeoutException or Orleans.Runtime.SiloUnavailableException or Orleans.Runtime.OrleansMessageRejectionException
            or Orleans.Runtime.EnumerationAbortedException =>
            ("dependency_unavailable", "A dependency is unavailable; try again shortly"),
        _ => null,
    };

    /// <summary>Kestrel's MinRequestBodyDataRate: a body that stalls is refused rather than held open.</summary>
    private const string SlowBody = "The request body arrived too slowly; send it without pauses";

    // The framework's own texts name its parameters and types ("Implicit body inferred for parameter…"); these say what to send.
    private static string Describe(HttpRequest request, BadHttpRequestException bad)
    {
        if (bad.StatusCode == 413)
        {
            return "Request body too large";
        }
        if (bad.StatusCode == 408)
        {
            return SlowBody;
        }
        if (bad.InnerException is null && !JsonContentType.HasBody(request) && bad.Message.Contains(" body", StringComparison.Ordinal))
        {
            return $"{request.Method} {request.Path} needs a JSON body (Content-Type: application/json)";
        }
        if (bad.InnerException is JsonException json)
        {
            return "Invalid JSON body: " + Clean(json);
        }
        return bad.Message;
    }

    // System.Text.Json messages name CLR types; keep the useful part (what and where) only.
    private static string Clean(JsonException json)
    {
        var path = string.IsNullOrEmpty(json.Path) ? "" : $" at {json.Path}";
        if (json is UnstorableTextException)
        {
            return "text contains a NUL character or invalid Unicode" + path;
        }
        var msg = json.Message;
        if (msg.Contains("UTF-8", StringComparison.Ordinal) || msg.Contains("UTF-16", StringComparison.Ordinal))
        {
            return "text is not valid UTF-8 or contains an unpaired surrogate" + path;
        }
        if (msg.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return "unknown field" + path;
        }
        if (msg.Contains("could not be converted", StringComparison.Ordinal))
        {
            return "wrong type" + path;
        }
        if (msg.Contains("missing required properties", StringComparison.Ordinal))
        {
            return "missing required field(s)" + path;
        }
        return "malformed JSON" + path;
    }

    private static void Log(HttpContext http, Exception? error, LogLevel level)
    {
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("HermesX.Errors");
        logger.Log(level, error, "Request {RequestId} failed", RequestIds.Get(http));
    }
}
