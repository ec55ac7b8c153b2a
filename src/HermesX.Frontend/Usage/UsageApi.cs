using System.Globalization;
using HermesX.Frontend.Auth;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Validation;
using HermesX.Grains.Abstractions.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using HermesX.Grains.Abstractions.Usage;

namespace HermesX.Frontend.Usage;

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
        routes.MapGet("/v1/usage", async (HttpContext http, IUsageQueries store) =>
        {
            var tenant = Caller.From(http.User).TenantId!;
            if (!TryRange(http.Request, out var from, out var to, out var error))
            {
                return error!;
            }
            var granularity = http.Request.Query["granularity"].ToString() is { Length: > 0 } g ? g : "day";
            if (granularity is not ("day" or "month"))
            {
                return ApiError.BadRequest("'granularity' must be day or month", "granularity");
            }
            var rows = await store.SummaryAsync(tenant, granularity, from, to);
            return TypedResults.Ok(new
            {
                tenant_id = tenant,
                granularity,
                from,
                to,
                data = rows.Select(r => new { period = r.Period, requests = r.Requests, input_tokens = r.InputTokens, output_tokens = r.OutputTokens, cost_usd = r.CostUsd }),
                total = new
                {
                    requests = rows.Sum(r => r.Requests),
                    input_tokens = rows.Sum(r => r.InputTokens),
                    output_tokens = rows.Sum(r => r.OutputTokens),
                    cost_usd = rows.Sum(r => r.CostUsd),
                },
            });
        }).RequireAuthorization(AuthPolicies.Authenticated).WithTags("Usage").WithName("GetUsage").WithSummary("Token usage per day or month")
            .RequireGate(Reader);

        routes.MapGet("/v1/usage/details", async (HttpContext http, IUsageQueries store) =>
        {
            var tenant = Caller.From(http.User).TenantId!;
            if (!Paging.TryParse(http.Request, out var page, out var error))
            {
                return error!;
            }
            var session = http.Request.Query["session_id"].ToString();
            var rows = await store.DetailsAsync(tenant, session.Length > 0 ? session : null, page.Limit + 1, page.Offset);
            return TypedResults.Ok(ListResponse.Of(rows.Select(r => new
            {
                session_id = r.SessionId, user_id = r.UserId, model = r.Model, provider = r.Provider,
                input_tokens = r.InputTokens, output_tokens = r.OutputTokens, cost_usd = r.CostUsd, created_at = r.CreatedAt,
            }).ToList(), page));
        }).RequireAuthorization(AuthPolicies.Authenticated).WithTags("Usage").WithName("GetUsageDetails").WithSummary("One record per model call")
            .RequireGate(Reader);

        routes.MapGet("/admin/v1/usage", async (HttpContext http, IUsageQueries store) =>
        {
            if (!TryRange(http.Request, out var from, out var to, out var error))
            {
                return error!;
            }
            var rows = await store.AcrossTenantsAsync(from, to);
            return TypedResults.Ok(new
            {
                from,
                to,
                data = rows.Select(r => new { tenant_id = r.TenantId, requests = r.Requests, input_tokens = r.InputTokens, output_tokens = r.OutputTokens, cost_usd = r.CostUsd }),
            });
        }).RequireAuthorization(AuthPolicies.PlatformAdmin).WithTags("Usage").WithName("GetUsageAcrossTenants").WithSummary("Usage per tenant (platform admin)");
    }

    /// <summary>from/to as ISO dates or times (UTC); default: the last 30 days up to now.</summary>
    private static bool TryRange(HttpRequest request, out DateTimeOffset from, out DateTimeOffset to, out IResult? error)
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
