using HermesX.Frontend.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace HermesX.Frontend.Validation;

/// <summary>
/// Refuses with 415 a POST, PUT or PATCH body whose Content-Type the endpoint does not take. An
/// endpoint takes application/json unless its <see cref="IAcceptsMetadata"/> says otherwise, so
/// handlers that read their body by hand (chat, responses, messages) are covered without each
/// repeating the check. A request without a body (a bare POST such as a key rotation) passes.
/// </summary>
public static class JsonContentType
{
    private static readonly string[] Json = ["application/json"];

    /// <summary>Answers 415 (true: refused) when the body's Content-Type is not one the endpoint takes.</summary>
    public static async Task<bool> RefusedAsync(HttpContext http)
    {
        var request = http.Request;
        if (http.GetEndpoint() is { } endpoint && HasBody(request) &&
            (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method)))
        {
            var accepted = endpoint.Metadata.GetOrderedMetadata<IAcceptsMetadata>().SelectMany(m => m.ContentTypes).ToArray();
            if (!IsAccepted(request.ContentType, accepted.Length > 0 ? accepted : Json))
            {
                var names = string.Join(", ", (accepted.Length > 0 ? accepted : Json).Distinct(StringComparer.OrdinalIgnoreCase));
                var got = string.IsNullOrEmpty(request.ContentType) ? "no Content-Type" : $"Content-Type '{request.ContentType}'";
                await ApiError.WriteAsync(http, StatusCodes.Status415UnsupportedMediaType,
                    $"Unsupported content type: {request.Method} {request.Path} takes {names}, got {got}", "unsupported_media_type");
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether the request says it carries a body (a length above zero, or a transfer coding).</summary>
    public static bool HasBody(HttpRequest request) =>
        request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    private static bool IsAccepted(string? contentType, IEnumerable<string> accepted)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var type) || type.MediaType.Value is not { } media)
        {
            return false;
        }
        // "application/merge-patch+json" and friends are JSON too.
        return accepted.Any(a => string.Equals(a, media, StringComparison.OrdinalIgnoreCase) ||
            (a == "application/json" && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase)));
    }
}
