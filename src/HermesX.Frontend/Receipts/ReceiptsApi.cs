using HermesX.Frontend.Gate;
using HermesX.Grains.Abstractions.Auth;
using HermesX.Frontend.Auth;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using HermesX.Grains.Abstractions.Tools;

namespace HermesX.Frontend.Receipts;

public sealed record ReceiptResponse(string Id, string TenantId, string SessionId, string UserId, string ToolName, string IdempotencyId,
    string Input, string Output, string Status, double DurationMs, string? TraceId, DateTimeOffset CreatedAt)
{
    public static ReceiptResponse From(Receipt r) => new(r.Id, r.TenantId, r.SessionId, r.UserId, r.ToolName, r.IdempotencyId,
        r.Input, r.Output, r.Status, r.DurationMs, r.TraceId, r.CreatedAt);
}

/// <summary>Execution receipts of server-side tool runs. Users see their own; admins and auditors the tenant's.</summary>
public static class ReceiptsApi
{
    private static readonly string[] Statuses = ["success", "error", "timeout"];

    public static void MapReceipts(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/execution-receipts").WithTags("Execution receipts").RequireAuthorization(AuthPolicies.Authenticated)
            .RequireTenant("Receipts belong to a tenant: use a tenant API key");
        group.MapGet("/", async Task<Results<Ok<ListResponse<ReceiptResponse>>, ApiErrorResult>> ([AsParameters] PageQuery query, Caller caller, HttpContext http, IReceiptQueries store) =>
        {
            var page = query.Page;
            var q = http.Request.Query;
            var status = q["status"].ToString() is { Length: > 0 } s ? s : null;
            if (status is not null && !Statuses.Contains(status))
            {
                return ApiError.BadRequest("'status' must be success, error or timeout", "status");
            }
            var filter = new ReceiptFilter(q["session_id"].ToString() is { Length: > 0 } sid ? sid : null,
                q["tool_name"].ToString() is { Length: > 0 } tn ? tn : null, status, SeesAll(caller) ? null : caller.Subject);
            var rows = await store.ListAsync(caller.TenantId!, filter, page.Limit + 1, page.Offset);
            return TypedResults.Ok(ListResponse.Of(rows.Select(ReceiptResponse.From).ToList(), page));
        }).WithName("ListExecutionReceipts").WithSummary("List execution receipts (filters: session_id, tool_name, status)").WithValidation();

        group.MapGet("/{id}", async Task<Results<Ok<ReceiptResponse>, ApiErrorResult>> (string id, Caller caller, IReceiptQueries store) =>
        {
            var r = await store.GetAsync(caller.TenantId!, id);
            return r is not null && (SeesAll(caller) || r.UserId == caller.Subject)
                ? TypedResults.Ok(ReceiptResponse.From(r))
                : ApiError.NotFound($"No execution receipt '{id}'");
        }).WithName("GetExecutionReceipt").WithSummary("Get an execution receipt").ProducesErrors(StatusCodes.Status404NotFound);
    }

    private static bool SeesAll(Caller c) => c.IsTenantAdmin || c.HasRole(HermesRoles.Auditor);
}
