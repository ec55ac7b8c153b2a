using HermesX.Frontend.Gate;
using HermesX.Grains.Abstractions;
using System.Text.Json;
using HermesX.Frontend.Auth;
using HermesX.Frontend.Chat;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Validation;
using HermesX.Frontend.Wire;
using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Abstractions.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HermesX.Frontend.Sessions;

public sealed record CreateSessionRequest(string? Id, string? Title, string? Model) : IValidatable
{
    public IEnumerable<(string Field, string Message)> Validate()
    {
        if (Id is not null && !WireNames.IsValidSessionId(Id))
        {
            yield return ("id", "'id' must be 1-128 letters, digits, '-' or '_'");
        }
        foreach (var p in Check.Text("title", Title, 200, required: false).Concat(Check.Text("model", Model, 200, required: false)))
        {
            yield return p;
        }
    }
}

public sealed record SessionResponse(string Id, string TenantId, string UserId, string? Title, string? Model, int MessageCount,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static SessionResponse From(SessionRow s) => new(s.Id, s.TenantId, s.UserId, s.Title, s.Model, s.MessageCount, s.CreatedAt, s.UpdatedAt);
}

public sealed record MessageResponse(int Seq, string Role, string Content, JsonElement? ToolCalls, string? ToolCallId, string? Name, DateTimeOffset CreatedAt);

/// <summary>
/// Sessions of the caller's tenant. A user sees only its own; a tenant admin sees all of the
/// tenant's. Anything else is 404, never 403, so ids of others leak nothing.
/// </summary>
public static class SessionsApi
{
    public static void MapSessions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/sessions").WithTags("Sessions").RequireAuthorization(AuthPolicies.Authenticated)
            .RequireTenant("Sessions belong to a tenant: use a tenant API key");

        group.MapPost("/", async Task<Results<Created<SessionResponse>, ApiErrorResult>> (CreateSessionRequest body, Caller caller, HttpContext http, IGrainFactory grains) =>
        {
            var id = body.Id ?? WireNames.NewId("sess_");
            // The session grain is the one writer of its row: a turn and this call never race.
            var creation = await grains.Reference<ISessionGrain>(SessionKey.For(caller.TenantId!, id)).CreateAsync(caller.Subject, body.Title, body.Model);
            return creation switch
            {
                { Error: { } error } => TurnErrors.Answer(http, error),
                { Created: { } created } => TypedResults.Created($"/v1/sessions/{id}", new SessionResponse(created.Id, caller.TenantId!, created.UserId,
                    created.Title, created.Model, 0, created.CreatedAt, created.CreatedAt)),
                _ => ApiError.Conflict($"Session '{id}' already exists"),
            };
        }).WithName("CreateSession").WithSummary("Create a session")
            .RequireScope("Creating a session needs the 'write' scope", Scopes.Write).WithValidation().ProducesErrors(StatusCodes.Status409Conflict);

        group.MapGet("/", async ([AsParameters] PageQuery query, Caller caller, ISessionQueries store) =>
        {
            var page = query.Page;
            var rows = await store.ListAsync(caller.TenantId!, caller.IsTenantAdmin ? null : caller.Subject, page.Limit + 1, page.Offset);
            return TypedResults.Ok(ListResponse.Of(rows.Select(SessionResponse.From).ToList(), page));
        }).WithName("ListSessions").WithSummary("List sessions, newest first").WithValidation();

        group.MapGet("/{id}", async Task<Results<Ok<SessionResponse>, ApiErrorResult>> (string id, Caller caller, ISessionQueries store) =>
            await VisibleAsync(caller, store, id) is { } row ? TypedResults.Ok(SessionResponse.From(row)) : NotFound(id))
            .WithName("GetSession").WithSummary("Get a session").ProducesErrors(StatusCodes.Status404NotFound);

        group.MapGet("/{id}/messages", async Task<Results<Ok<ListResponse<MessageResponse>>, ApiErrorResult>> ([AsParameters] PageQuery query, string id, Caller caller,
            ISessionQueries store) =>
        {
            var page = query.Page;
            if (await VisibleAsync(caller, store, id) is not { } row)
            {
                return NotFound(id);
            }
            var rows = await store.MessagesAsync(row.TenantId, id, page.Limit + 1, page.Offset);
            return TypedResults.Ok(ListResponse.Of(rows.Select(m => new MessageResponse(m.Seq, m.Message.Role, m.Message.Content,
                m.Message.ToolCalls is { } tc ? JsonSerializer.SerializeToElement(tc.Select(c => new { id = c.Id, type = "function", function = new { name = c.Name, arguments = c.ArgumentsJson } })) : null,
                m.Message.ToolCallId, m.Message.Name, m.CreatedAt)).ToList(), page));
        }).WithName("ListSessionMessages").WithSummary("Messages of a session, oldest first").WithValidation().ProducesErrors(StatusCodes.Status404NotFound);

        group.MapDelete("/{id}", async Task<Results<NoContent, ApiErrorResult>> (string id, Caller caller, ISessionQueries store, IGrainFactory grains) =>
        {
            if (await VisibleAsync(caller, store, id) is not { } row)
            {
                return NotFound(id);
            }
            await grains.Reference<ISessionGrain>(SessionKey.For(row.TenantId, id)).DeleteAsync();
            return TypedResults.NoContent();
        }).WithName("DeleteSession").WithSummary("Delete a session and its messages")
            .RequireScope("Deleting a session needs the 'write' scope", Scopes.Write).ProducesErrors(StatusCodes.Status404NotFound);
    }

    private static ApiErrorResult NotFound(string id) => ApiError.NotFound($"No session '{id}'");

    private static async Task<SessionRow?> VisibleAsync(Caller caller, ISessionQueries store, string id)
    {
        if (!WireNames.IsValidSessionId(id))
        {
            return null;
        }
        var row = await store.GetAsync(caller.TenantId!, id);
        return row is not null && (row.UserId == caller.Subject || caller.IsTenantAdmin) ? row : null;
    }
}
