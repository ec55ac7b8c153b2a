using HermesX.Frontend.Gate;
using System.Globalization;
using HermesX.Frontend.Auth;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Validation;
using HermesX.Grains.Abstractions.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using HermesX.Grains.Abstractions.Usage;

namespace HermesX.Frontend.Usage;

public sealed record UsageTotals(long Requests, long InputTokens, long OutputTokens, decimal CostUsd);

public sealed record UsagePeriodResponse(DateTimeOffset Period, long Requests, long InputTokens, long OutputTokens, decimal CostUsd);

/// <summary>Totals per period; with <c>group_by</c>, the same range broken down; always the USD budgets beside the spend so far.</summary>
public sealed record UsageSummaryResponse(string TenantId, string Granularity, DateTimeOffset From, DateTimeOffset To,
    IReadOnlyList<UsagePeriodResponse> Data, UsageTotals Total, UsageBudgetsResponse Budgets,
    IReadOnlyList<string>? GroupBy = null, IReadOnlyList<UsageGroupResponse>? Groups = null);

public sealed record UsageDetailResponse(string? SessionId, string UserId, string Model, string Provider, long InputTokens, long OutputTokens,
    decimal CostUsd, DateTimeOffset CreatedAt, string? ApiKeyId, string? Deployment);

public sealed record TenantUsageResponse(string TenantId, long Requests, long InputTokens, long OutputTokens, decimal CostUsd);

public sealed record UsageAcrossTenantsResponse(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<TenantUsageResponse> Data);

/// <summary>Usage metering: per-period totals and per-call details for the tenant, per-tenant totals for the platform.</summary>
public static class UsageApi
{
    private const string ReaderRefusal = "Usage needs the admin, operator or auditor role of a tenant, or the 'usage:read' scope";

    private static readonly TenantGate Reader = new()
    {
        TenantRefusal = ReaderRefusal,
        AnyRole = [HermesRoles.Admin, HermesRoles.Operator, HermesRoles.Auditor],
        AnyScope = [Scopes.UsageRead],
        Refusal = ReaderRefusal,
    };

    public static void MapUsage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/usage", async Task<Results<Ok<UsageSummaryResponse>, ApiErrorResult>> (Caller caller, HttpContext http, IUsageQueries store) =>
        {
            var tenant = caller.TenantId!;
            if (!TryRange(http.Request, out var from, out var to, out var error))
            {
                return error!;
            }
            var granularity = http.Request.Query["granularity"].ToString() is { Length: > 0 } g ? g : "day";
            if (granularity is not ("day" or "month"))
            {
                return ApiError.BadRequest("'granularity' must be day or month", "granularity");
            }
            if (!UsageBreakdown.TryDimensions(http.Request, out var dimensions, out error))
            {
                return error!;
            }
            var rows = await store.SummaryAsync(tenant, granularity, from, to);
            var spend = await store.SpendToDateAsync(tenant, DateTimeOffset.UtcNow);
            var groups = dimensions.Count > 0 ? UsageBreakdown.Groups(await store.BreakdownAsync(tenant, dimensions, from, to), spend) : null;
            return TypedResults.Ok(new UsageSummaryResponse(tenant, granularity, from, to,
                [.. rows.Select(r => new UsagePeriodResponse(r.Period, r.Requests, r.InputTokens, r.OutputTokens, r.CostUsd))],
                new UsageTotals(rows.Sum(r => r.Requests), rows.Sum(r => r.InputTokens), rows.Sum(r => r.OutputTokens), rows.Sum(r => r.CostUsd)),
                UsageBreakdown.Budgets(spend), groups is null ? null : dimensions, groups));
        }).RequireAuthorization(AuthPolicies.Authenticated).WithTags("Usage").WithName("GetUsage")
            .WithSummary("Token usage and cost per day or month, optionally by API key, model, deployment or end user, with USD budgets beside the spend")
            .RequireGate(Reader);

        routes.MapGet("/v1/usage/details", async ([AsParameters] PageQuery query, Caller caller, HttpContext http, IUsageQueries store) =>
        {
            var tenant = caller.TenantId!;
            var page = query.Page;
            var session = http.Request.Query["session_id"].ToString();
            var rows = await store.DetailsAsync(tenant, session.Length > 0 ? session : null, page.Limit + 1, page.Offset);
            return TypedResults.Ok(ListResponse.Of(rows.Select(r => new UsageDetailResponse(r.SessionId, r.UserId, r.Model, r.Provider,
                r.InputTokens, r.OutputTokens, r.CostUsd, r.CreatedAt, r.ApiKeyId, r.Deployment)).ToList(), page));
        }).RequireAuthorization(AuthPolicies.Authenticated).WithTags("Usage").WithName("GetUsageDetails").WithSummary("One record per model call").WithValidation()
            .RequireGate(Reader);

        routes.MapGet("/admin/v1/usage", async Task<Results<Ok<UsageAcrossTenantsResponse>, ApiErrorResult>> (HttpContext http, IUsageQueries store) =>
        {
            if (!TryRange(http.Request, out var from, out var to, out var error))
            {
                return error!;
            }
            var rows = await store.AcrossTenantsAsync(from, to);
            return TypedResults.Ok(new UsageAcrossTenantsResponse(from, to,
                [.. rows.Select(r => new TenantUsageResponse(r.TenantId, r.Requests, r.InputTokens, r.OutputTokens, r.CostUsd))]));
        }).RequirePolicy(AuthPolicies.PlatformAdmin, $"Usage across tenants is for the platform admin ({PolicyRefusal.PlatformToken}); a tenant reads its own at /v1/usage")
            .WithTags("Usage").WithName("GetUsageAcrossTenants").WithSummary("Usage per tenant (platform admin)");
    }

    /// <summary>from/to as ISO dates or times (UTC); default: the last 30 days up to now.</summary>
    private static bool TryRange(HttpRequest request, out DateTimeOffset from, out DateTimeOffset to, out ApiErrorResult? error)
    {
        error = null;
        to = DateTimeOffset.UtcNow.AddSeconds(1);
        from = to.AddDays(-30);
        foreach (var name in new[] { "from", "to" })
        {
            if (request.Query[name].ToString() is not { Length: > 0 } raw)
            {
                continue;
            }
            if (!DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
            {
                error = ApiError.BadRequest($"'{name}' must be an ISO-8601 date or time", name);
                return false;
            }
            if (name == "from")
            {
                from = value;
            }
            else
            {
                to = value;
            }
        }
        if (from >= to)
        {
            error = ApiError.BadRequest("'from' must be before 'to'", "from");
            return false;
        }
        return true;
    }
}
