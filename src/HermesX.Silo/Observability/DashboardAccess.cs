using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using HermesX.Frontend.Errors;
using HermesX.Grains.Auth;
using Orleans.Dashboard;
using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Abstractions.Configuration;

namespace HermesX.Silo.Observability;

/// <summary>
/// The Orleans Dashboard at <c>/dashboard</c> on every silo, for the platform admin only: the
/// HERMES_ACP_TOKEN as a bearer token, or, from a browser, as the password of HTTP Basic auth
/// (any user name); the browser asks for it once and resends it with every request of the page.
/// </summary>
public static class DashboardAccess
{
    public const string Prefix = "/dashboard";

    /// <summary>
    /// How often the dashboard samples the silo's counters. Each sample walks every Orleans
    /// instrument, some of them over every activation or directory entry (the grain directory
    /// cache's size, the working set per grain type): at the dashboard's default of once a second
    /// that took about 7 % of a busy silo's CPU, and still about 8 % every 5 s with tens of thousands
    /// of sessions active. Its charts are trends, drawn as well from a point every 30 s.
    /// </summary>
    public static readonly TimeSpan CounterInterval = TimeSpan.FromSeconds(30);

    public static ISiloBuilder AddHermesDashboard(this ISiloBuilder silo) =>
        silo.AddDashboard(o => o.CounterUpdateIntervalMs = (int)CounterInterval.TotalMilliseconds);

    public static WebApplication MapHermesDashboard(this WebApplication app, HermesOptions options)
    {
        var acpDigest = SHA256.HashData(Encoding.UTF8.GetBytes(options.AcpToken));
        // Runs after authentication: a bearer token has already been resolved into http.User.
        app.UseWhen(http => http.Request.Path.StartsWithSegments(Prefix), branch => branch.Use(async (http, next) =>
        {
            if (http.User.IsInRole(HermesRoles.PlatformAdmin) || BasicPasswordMatches(http.Request, acpDigest))
            {
                await next(http);
            }
            else if (http.User.Identity?.IsAuthenticated == true)
            {
                await ApiError.WriteAsync(http, 403, "The dashboard is for the platform admin (HERMES_ACP_TOKEN) only", "forbidden");
            }
            else
            {
                http.Response.Headers.WWWAuthenticate = "Basic realm=\"HermesX dashboard\", charset=\"UTF-8\"";
                await ApiError.WriteAsync(http, 401, "The dashboard needs the platform admin token: as a bearer token, or as the Basic auth password", "unauthorized");
            }
        }));
        app.MapOrleansDashboard(routePrefix: Prefix);
        return app;
    }

    /// <summary>Without HERMES_DASHBOARD_ENABLED, /dashboard says how to turn it on (a 404 in the API's error shape).</summary>
    public static void MapDashboardOff(this WebApplication app) =>
        app.Map(Prefix + "/{**rest}", (HttpContext http) => ApiError.WriteAsync(http, StatusCodes.Status404NotFound,
            "The Orleans Dashboard is off on this silo; set HERMES_DASHBOARD_ENABLED=true to serve it", "not_found"))
            .ExcludeFromDescription();

    private static bool BasicPasswordMatches(HttpRequest request, byte[] acpDigest)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header) ||
            !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return false;
        }
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        var password = colon < 0 ? "" : decoded[(colon + 1)..];
        // Fixed-length digests keep the comparison constant-time whatever the input length.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(password)), acpDigest);
    }
}
