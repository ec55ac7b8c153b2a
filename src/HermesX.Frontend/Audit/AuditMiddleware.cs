using System.Diagnostics;
using System.Text;
using HermesX.Frontend.Auth;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Observability;
using HermesX.Frontend.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using HermesX.Grains.Abstractions.Audit;
using HermesX.Grains.Abstractions.Tenants;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Audit;

/// <summary>
/// Audits every authenticated request and every refused one (401, 403, 429): who, tenant, action
/// (method + route template), status, latency, request id, source IP, user agent. Secrets in the
/// query string are redacted; bodies are never recorded.
/// </summary>
public static class AuditMiddleware
{
    private static readonly string[] SecretQueryKeys = ["token", "key", "api_key", "apikey", "secret", "password", "access_token", "signature", "sig", "code"];

    /// <summary>Marks the request as audited (its start is the latency's); <see cref="EndAsync"/> writes its row.</summary>
    public static void Begin(HttpContext http, long started) => http.Features.Set(new AuditScope(started));

    /// <summary>
    /// The request's audit row, once it is answered: every authenticated request and every refused
    /// one, unless its turn's commit already held the row.
    /// </summary>
    public static ValueTask EndAsync(HttpContext http, IAuditSink writer, int status)
    {
        var authenticated = http.User.Identity?.IsAuthenticated == true;
        if (http.Features.Get<AuditScope>() is not { WrittenWithTurn: false } scope || !(authenticated || status is 401 or 403 or 429))
        {
            return ValueTask.CompletedTask;
        }
        return writer.EnqueueAsync(Entry(http, authenticated ? Caller.Of(http) : null, status, Stopwatch.GetElapsedTime(scope.Started).TotalMilliseconds));
    }

    /// <summary>
    /// The request's audit row for its turn to commit with its messages (as answered: the session
    /// sets the status and the latency up to the commit); null outside this middleware.
    /// </summary>
    public static TurnAudit? ForTurn(HttpContext http, Caller caller) =>
        http.Features.Get<AuditScope>() is { } scope
            ? new TurnAudit(Entry(http, caller, 0, 0), Stopwatch.GetElapsedTime(scope.Started).TotalMilliseconds)
            : null;

    /// <summary>The turn's commit held the request's audit row: the middleware writes none.</summary>
    public static void WrittenWithTurn(HttpContext http, TurnResult result)
    {
        if (result.Audited && http.Features.Get<AuditScope>() is { } scope)
        {
            scope.WrittenWithTurn = true;
        }
    }

    private static AuditEntry Entry(HttpContext http, Caller? caller, int status, double latencyMs)
    {
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
        return new AuditEntry(
            TenantFor(http, caller, status),
            caller?.Subject ?? "anonymous",
            caller?.AuthMethod ?? "none",
            $"{http.Request.Method} {route}",
            status,
            latencyMs,
            RequestIds.Get(http),
            Activity.Current?.TraceId.ToString(),
            http.Connection.RemoteIpAddress?.ToString(),
            Truncate(http.Request.Headers.UserAgent.ToString(), 300),
            new Dictionary<string, string> { ["path"] = Truncate(RedactedPath(http.Request), 1000) });
    }

    /// <summary>When a request started, and whether its turn already wrote its audit row.</summary>
    private sealed class AuditScope(long started)
    {
        public long Started { get; } = started;
        public bool WrittenWithTurn { get; set; }
    }

    /// <summary>
    /// The tenant whose audit log gets the row: the caller's own; for the platform admin, the tenant
    /// it acted on when the action succeeded (so the tenant exists); everything else, and above all
    /// every unauthenticated request, goes to the platform's log. A tenant named by the caller never
    /// decides where an anonymous row lands.
    /// </summary>
    private static string TenantFor(HttpContext http, Caller? caller, int status)
    {
        if (caller?.TenantId is { } own)
        {
            return own;
        }
        if (caller?.IsPlatformAdmin != true || status >= 400)
        {
            return PlatformTenant.Id;
        }
        var values = http.Request.RouteValues;
        string? named = values.TryGetValue("tenantId", out var t) && t is string tenantRoute ? tenantRoute
            : http.Request.Path.StartsWithSegments("/v1/tenants") && values.TryGetValue("id", out var id) && id is string tenantId ? tenantId
            : http.Request.Query["tenant_id"].ToString();
        return TenantIds.IsWellFormed(named) ? named! : PlatformTenant.Id;
    }

    public static string RedactedPath(HttpRequest request)
    {
        if (!request.QueryString.HasValue)
        {
            return request.Path.Value ?? "";
        }
        var sb = new StringBuilder(request.Path.Value);
        var first = true;
        foreach (var (key, value) in request.Query)
        {
            sb.Append(first ? '?' : '&').Append(key).Append('=');
            sb.Append(SecretQueryKeys.Any(s => key.Contains(s, StringComparison.OrdinalIgnoreCase)) ? "REDACTED" : value.ToString());
            first = false;
        }
        return sb.ToString();
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
