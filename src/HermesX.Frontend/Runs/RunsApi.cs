using HermesX.Frontend.Auth;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Gate;
using HermesX.Frontend.Validation;
using HermesX.Frontend.Wire;
using HermesX.Grains.Abstractions.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HermesX.Frontend.Runs;

public sealed record RunResponse(string Id, string SessionId, string UserId, string Status, string Model, bool Stream, string? Error,
    DateTimeOffset CreatedAt, DateTimeOffset? EndedAt, int Steps, int Events)
{
    public static RunResponse From(RunListRow r) =>
        new(r.Id, r.SessionId, r.UserId, r.Status, r.Model, r.Stream, r.ErrorMessage, r.CreatedAt, r.EndedAt, r.Steps, r.Events);
}

public sealed record RunStepResponse(int Seq, string Role, IReadOnlyList<string> ToolCalls, string? ToolName, string Preview, DateTimeOffset CreatedAt);

public sealed record RunDetailResponse(RunResponse Run, IReadOnlyList<RunStepResponse> Steps);

/// <summary>
/// A tenant's background responses (<c>background: true</c>) for its console: OpenAI has no list of responses, so
/// this is a HermesX path. A user sees its own runs, a tenant admin all of the tenant's; anything else is 404.
/// Cancelling stays <c>POST /v1/responses/{id}/cancel</c>.
/// </summary>
public static class RunsApi
{
    public static void MapRuns(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/runs").WithTags("Runs").RequireAuthorization(AuthPolicies.Authenticated)
            .RequireTenant("Runs belong to a tenant: use a tenant API key");

        group.MapGet("/", async ([AsParameters] PageQuery query, Caller caller, IRunQueries store) =>
        {
            var page = query.Page;
            var rows = await store.ListAsync(caller.TenantId!, caller.IsTenantAdmin ? null : caller.Subject, page.Limit + 1, page.Offset);
            return TypedResults.Ok(ListResponse.Of(rows.Select(RunResponse.From).ToList(), page));
        }).WithName("ListRuns").WithSummary("Background responses of the tenant (a user's own), newest first").WithValidation();

        group.MapGet("/{id}", async Task<Results<Ok<RunDetailResponse>, ApiErrorResult>> (string id, Caller caller, IRunQueries store) =>
        {
            var run = WireNames.IsValidSessionId(id) ? await store.GetAsync(caller.TenantId!, id) : null;
            if (run is null || !(run.UserId == caller.Subject || caller.IsTenantAdmin))
            {
                return ApiError.NotFound($"No background response '{id}'");
            }
            var steps = await store.StepsAsync(caller.TenantId!, id);
            return TypedResults.Ok(new RunDetailResponse(RunResponse.From(run),
                steps.Select(s => new RunStepResponse(s.Seq, s.Role, s.ToolCalls, s.ToolName, s.Preview, s.CreatedAt)).ToList()));
        }).WithName("GetRun").WithSummary("A background response's status and its committed steps, summarised").ProducesErrors(StatusCodes.Status404NotFound);
    }
}
