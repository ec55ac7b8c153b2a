using HermesX.Frontend.Wire;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HermesX.Frontend.Errors;

/// <summary>Echoes a sane <c>X-Request-ID</c> or generates one, and exposes it to the rest of the request.</summary>
public static partial class RequestIds
{
    public const string Header = "X-Request-ID";
    private const string ItemKey = "hermesx.request_id";

    public static string? Get(HttpContext http) => http.Items.TryGetValue(ItemKey, out var v) ? v as string : null;

    /// <summary>The request's id: the caller's X-Request-ID when it is a sane one, else a new one; echoed in the response.</summary>
    public static string Assign(HttpContext http)
    {
        var incoming = http.Request.Headers[Header].ToString();
        // Only short, printable ids are echoed: the header ends up in logs and audit rows.
        var id = Safe().IsMatch(incoming) ? incoming : WireNames.NewId("req_");
        http.Items[ItemKey] = id;
        http.Response.Headers[Header] = id;
        return id;
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex Safe();
}
