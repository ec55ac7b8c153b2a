using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace HermesX.Frontend.Validation;

/// <summary>
/// HermesX's limits on a request's target and headers, answered as JSON 414 and 431. Kestrel is
/// given limits four to eight times as large, so only requests far beyond these meet Kestrel's
/// own empty-bodied answer.
/// </summary>
public static class RequestLimits
{
    public const int MaxTargetBytes = 8 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;
    public const int MaxHeaderCount = 100;

    public static (int RequestLine, int Headers, int HeaderCount) KestrelLimits => (MaxTargetBytes * 8, MaxHeaderBytes * 4, MaxHeaderCount * 4);

    /// <summary>The status and message for a request over a limit, or null.</summary>
    public static (int Status, string Code, string Message)? Exceeded(HttpContext http)
    {
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if ((target?.Length ?? 0) > MaxTargetBytes)
        {
            return (414, "uri_too_long", $"The request target is longer than {MaxTargetBytes / 1024} KiB");
        }
        var (bytes, count) = (0, 0);
        foreach (var (name, values) in http.Request.Headers)
        {
            foreach (var v in values)
            {
                // One header line per value, as Kestrel counts them.
                bytes += name.Length + 4 + (v?.Length ?? 0);
                count++;
            }
        }
        return bytes > MaxHeaderBytes ? (431, "headers_too_large", $"The request headers are larger than {MaxHeaderBytes / 1024} KiB")
            : count > MaxHeaderCount ? (431, "headers_too_large", $"The request has more than {MaxHeaderCount} headers")
            : null;
    }
}
