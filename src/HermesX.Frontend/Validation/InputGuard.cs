using HermesX.Frontend.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using HermesX.Grains.Abstractions.Text;

namespace HermesX.Frontend.Validation;

/// <summary>
/// Refuses, before anything else reads them, a path or query string holding text Postgres cannot
/// store (NUL, unpaired surrogates from percent-encoded UTF-16): such a value would otherwise fail
/// deep inside a store call and answer 5xx, or poison the audit row of the request.
/// </summary>
public static class InputGuard
{
    /// <summary>Answers 400, 414 or 431 (true: refused) for a target or headers HermesX does not take.</summary>
    public static async Task<bool> RefusedAsync(HttpContext http)
    {
        if (RequestLimits.Exceeded(http) is { } over)
        {
            await ApiError.WriteAsync(http, over.Status, over.Message, over.Code);
            return true;
        }
        if (Problem(http.Request) is { } param)
        {
            await ApiError.WriteAsync(http, 400, $"'{param}' contains a NUL character or invalid Unicode", "invalid_request", param);
            return true;
        }
        return false;
    }

    private static string? Problem(HttpRequest request)
    {
        if (!StorableText.IsStorable(request.Path.Value))
        {
            return "path";
        }
        if (!request.QueryString.HasValue)
        {
            return null;
        }
        foreach (var (key, values) in request.Query)
        {
            if (!StorableText.IsStorable(key))
            {
                return "query";
            }
            foreach (var v in values)
            {
                if (!StorableText.IsStorable(v))
                {
                    return key;
                }
            }
        }
        return null;
    }
}
