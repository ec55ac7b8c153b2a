using HermesX.Frontend.Auth;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Abstractions.Audit;

namespace HermesX.Frontend.Audit;

public sealed record AuditLogResponse(long Id, string TenantId, string Actor, string AuthMethod, string Action, int Status, double LatencyMs,
    string? RequestId, string? TraceId, string? SourceIp, string? UserAgent, IReadOnlyDictionary<string, string>? Detail, DateTimeOffset CreatedAt)
{
    public static AuditLogResponse From(AuditEntry e) => new(e.Id, e.TenantId, e.Actor, e.AuthMethod, e.Action, e.Status, e.LatencyMs,
        e.RequestId, e.TraceId, e.SourceIp, e.UserAgent, e.Detail, e.CreatedAt);
}

/// <summary>Audit log reading: tenant admins and auditors see their tenant's, the platform admin everyone's.</summary>
public static class AuditApi
{
    private const string AuditRefusal = "Reading the audit log needs the admin or auditor role";

    public static void MapAudit(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/audit-logs", async Task<Results<Ok<ListResponse<AuditLogResponse>>, ApiErrorResult>> ([AsParameters] PageQuery query, HttpContext http,
            IAuditQueries store) =>
        {
            var caller = Caller.From(http.User);
            var page = query.Page;
            if (!TryFilter(http.Request, out var filter, out var error))
            {
                return error!;
            }
            var rows = await store.ListAsync(caller.TenantId!, filter, page.Limit + 1, page.Offset);
            return TypedResults.Ok(ListResponse.Of(rows.Select(AuditLogResponse.From).ToList(), page));
        }).RequireAuthorization(AuthPolicies.Authenticated).WithTags("Audit").WithName("ListAuditLogs").WithSummary("The tenant's audit log, newest first").WithValidation()
            .RequireGate(new TenantGate { TenantRefusal = AuditRefusal, AnyRole = [HermesRoles.Admin, HermesRoles.Auditor], Refusal = AuditRefusal });

        routes.MapGet("/admin/v1/audit-logs", async Task<Results<Ok<ListResponse<AuditLogResponse>>, ApiErrorResult>> ([AsParameters] PageQuery query, HttpContext http,
            IAuditQueries store) =>
        {
            var page = query.Page;
            if (!TryFilter(http.Request, out var filter, out var error))
            {
                return error!;
            }
            var tenant = http.Request.Query["tenant_id"].ToString();
            var rows = await store.ListAcrossTenantsAsync(filter with { TenantId = tenant.Length > 0 ? tenant : null }, page.Limit + 1, page.Offset);
            return TypedResults.Ok(ListResponse.Of(rows.Select(AuditLogResponse.From).ToList(), page));
        }).RequirePolicy(AuthPolicies.PlatformAdmin, $"Every tenant's audit log is for the platform admin ({PolicyRefusal.PlatformToken}); a tenant's admins and auditors read theirs at /v1/audit-logs")
            .WithTags("Audit").WithName("ListAllAuditLogs").WithSummary("Every tenant's audit log (platform admin)").WithValidation();
    }

    private static bool TryFilter(HttpRequest request, out AuditFilter filter, out ApiErrorResult? error)
    {
        filter = new AuditFilter(null, null, null, null, null);
        error = null;
        var q = request.Query;
        int? status = null;
        if (q["status"].ToString() is { Length: > 0 } s)
        {
            if (!int.TryParse(s, out var st) || st is < 100 or > 599)
            {
                error = ApiError.BadRequest("'status' must be an HTTP status code", "status");
                return false;
            }
            status = st;
        }
        DateTimeOffset? from = null, to = null;
        foreach (var (name, set) in new (string, Action<DateTimeOffset>)[] { ("from", v => from = v), ("to", v => to = v) })
        {
            if (q[name].ToString() is { Length: > 0 } raw)
            {
                if (!DateTimeOffset.TryParse(raw, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var when))
                {
                    error = ApiError.BadRequest($"'{name}' must be an ISO-8601 date or time", name);
                    return false;
                }
                set(when);
            }
        }
        filter = new AuditFilter(q["action"].ToString() is { Length: > 0 } a ? a : null, status,
            q["actor"].ToString() is { Length: > 0 } actor ? actor : null, from, to);
        return true;
    }
}
