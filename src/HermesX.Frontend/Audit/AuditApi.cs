using HermesX.Frontend.Gate;
using HermesX.Frontend.Auth;
using HermesX.Frontend.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
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
        routes.MapGet("/v1/audit-logs", async ([AsParameters] PageQuery paging, [AsParameters] AuditQuery query, Caller caller, IAuditQueries store) =>
        {
            var page = paging.Page;
            var rows = await store.ListAsync(caller.TenantId!, query.Filter, page.Limit + 1, page.Offset);
            return TypedResults.Ok(ListResponse.Of(rows.Select(AuditLogResponse.From).ToList(), page));
        }).RequireAuthorization(AuthPolicies.Authenticated).WithTags("Audit").WithName("ListAuditLogs").WithSummary("The tenant's audit log, newest first").WithValidation()
            .RequireGate(new TenantGate { TenantRefusal = AuditRefusal, AnyRole = [HermesRoles.Admin, HermesRoles.Auditor], Refusal = AuditRefusal });

        routes.MapGet("/admin/v1/audit-logs", async ([AsParameters] PageQuery paging, [AsParameters] AuditQuery query,
            [FromQuery(Name = "tenant_id")] string? tenantId, IAuditQueries store) =>
        {
            var page = paging.Page;
            var filter = query.Filter with { TenantId = string.IsNullOrEmpty(tenantId) ? null : tenantId };
            var rows = await store.ListAcrossTenantsAsync(filter, page.Limit + 1, page.Offset);
            return TypedResults.Ok(ListResponse.Of(rows.Select(AuditLogResponse.From).ToList(), page));
        }).RequirePolicy(AuthPolicies.PlatformAdmin, $"Every tenant's audit log is for the platform admin ({PolicyRefusal.PlatformToken}); a tenant's admins and auditors read theirs at /v1/audit-logs")
            .WithTags("Audit").WithName("ListAllAuditLogs").WithSummary("Every tenant's audit log (platform admin)").WithValidation();
    }
}
