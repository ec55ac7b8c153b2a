using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace HermesX.Frontend.Validation;

/// <summary>
/// HermesX's limits on a request's target and headers, answered as JSON 414 and 431. Kestrel is
/// given limits eight and four times as large, so only requests far beyond these meet Kestrel's
/// own empty-bodied answer.
/// </summary>
public static class RequestLimits
{
    public const int MaxTargetBytes = 8 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;

    public static (int RequestLine, int Headers) KestrelLimits => (MaxTargetBytes * 8, MaxHeaderBytes * 4);

    /// <summary>The status and message for a request over a limit, or null.</summary>
    public static (int Status, string Code, string Message)? Exceeded(HttpContext http)
    {
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if ((target?.Length ?? 0) > MaxTargetBytes)
        {
            return (414, "uri_too_long", $"The request target is longer than {MaxTargetBytes / 1024} KiB");
        }
        var headers = 0;
        foreach (var (name, values) in http.Request.Headers)
        {
            headers += name.Length + 4;
            foreach (var v in values)
            {
                headers += v?.Length ?? 0;
            }
        }
        return headers > MaxHeaderBytes
            ? (431, "headers_too_large", $"The request headers are larger than {MaxHeaderBytes / 1024} KiB")
            : null;
    }
}
