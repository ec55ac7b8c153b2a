using HermesX.Frontend.Gate;
using HermesX.Grains.Abstractions;
using System.Diagnostics;
using System.Text.Json;
using HermesX.Frontend.Audit;
using HermesX.Frontend.Auth;
using HermesX.Frontend.Chat;
using HermesX.Frontend.Runs;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Wire;
using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Abstractions.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Abstractions.Runs;
using Microsoft.AspNetCore.Mvc;

namespace HermesX.Frontend.Responses;

/// <summary>
/// The OpenAI Responses API. A response is one turn of a session: POST runs it through the session
/// grain like a chat completion, previous_response_id names the session to continue, and the
/// response is stored with that session (store:false keeps the turn's messages in the session but
/// stores no response, so it can be neither fetched nor continued by id).
/// </summary>
public static class ResponsesApi
{
    private static readonly JsonSerializerOptions EchoJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void MapResponses(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/responses").WithTags("Responses").RequireAuthorization(AuthPolicies.Authenticated)
            .RequireTenant("Responses belong to a tenant: use a tenant API key, not the platform token");
        group.MapPost("/", CreateAsync).WithName("CreateResponse").WithSummary("OpenAI Responses API: run a turn (stream or not)")
            .RequireScope("Creating a response needs the 'execute' scope", Scopes.Execute)
            .ProducesErrors([StatusCodes.Status415UnsupportedMediaType, .. ChatApi.TurnErrorStatuses])
            .Accepts<CreateResponseRequest>("application/json");
        group.MapGet("/{id}", GetAsync).WithName("GetResponse")
            .WithSummary("A stored response, or a background run as it stands; ?stream=true&starting_after=N streams a background run's events after N")
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status410Gone);
        group.MapPost("/{id}/cancel", CancelAsync).WithName("CancelResponse").WithSummary("Cancel a background response")
            .RequireScope("Cancelling a response needs the 'execute' scope", Scopes.Execute)
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteResponse").WithSummary("Delete a stored response (its session's messages stay)")
            .RequireScope("Deleting a response needs the 'execute' or 'write' scope", Scopes.Execute, Scopes.Write).ProducesErrors(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<WireJson<ResponseObject>, EventStreamWritten, ApiErrorResult>> CreateAsync(
        Caller caller, HttpContext http, IGrainFactory grains, IModelCatalog models, ResponsesStreamWriter sse, [FromServices] McpOptions mcp)
    {
        if (!http.Request.HasJsonContentType())
        {
            return ApiError.Create(415, "Unsupported content type: send application/json", "unsupported_media_type");
        }
        ResponsesRequest parsed;
        try
        {
            // Bound and checked before anything is created: a turn that would fail to store must not leave an empty session behind.
            parsed = await ResponsesRequestValidator.ReadAsync(http.Request.Body, http.RequestAborted);
        }
        catch (ChatRequestException e)
        {
            return ApiError.BadRequest(e.Message, e.Param, e.Code);
        }

        var model = parsed.Model ?? models.Default.Id;
        if (ProviderFields.Refusal(models, model, parsed.Options, parsed.Stream, null, out _) is { } refused)
        {
            return refused;
        }
        if (await ResponsesMcpTools.RefusalAsync(parsed.McpServers ?? [], parsed.Background, mcp, grains, caller.TenantId!) is { } mcpRefused)
        {
            return mcpRefused;
        }
        List<SessionMessage> messages;
        try
        {
            messages = ResponsesInput.Messages(await ItemReferences.ResolveAsync(parsed.Input, caller, grains));
        }
        catch (ItemReferences.NotFoundException e)
        {
            return ApiError.Create(404, e.Message, "not_found", e.Param);
        }
        if (parsed.Instructions is { Length: > 0 } instructions)
        {
            // A system message of this turn only: the next turn's instructions replace it.
            messages.Insert(0, new SessionMessage("system", instructions));
        }
        var (clientKey, keyError) = TurnRetry.ClientKey(http.Request.Headers[TurnRetry.KeyHeader].ToString());
        if (keyError is not null)
        {
            return ApiError.BadRequest(keyError, TurnRetry.KeyHeader);
        }
        var header = http.Request.Headers[ChatApi.SessionHeader].ToString();
        var sessionId = parsed.PreviousResponseId is { } previous ? ResponseId.SessionOf(previous)!
            : header.Length > 0 ? header
            : clientKey is not null ? TurnRetry.SessionFor(caller.Subject, clientKey)
            : WireNames.NewId("sess_");
        if (header.Length > 0 && header != sessionId)
        {
            return ApiError.BadRequest($"{ChatApi.SessionHeader} names another session than previous_response_id", ChatApi.SessionHeader);
        }
        if (!WireNames.IsValidSessionId(sessionId))
        {
            return ApiError.BadRequest($"{ChatApi.SessionHeader} must be 1-128 letters, digits, '-' or '_'", ChatApi.SessionHeader);
        }
        http.Response.Headers[ChatApi.SessionHeader] = sessionId;

        var id = ResponseId.New(sessionId, clientKey);
        var createdAt = DateTimeOffset.UtcNow;
        var echo = JsonSerializer.Serialize(parsed.Echo, EchoJson);
        var request = new TurnRequest(caller.Subject, model, messages, parsed.Tools, parsed.ToolChoice, parsed.MaxOutputTokens,
            parsed.Temperature, Activity.Current?.Id, caller.IsTenantAdmin, clientKey ?? TurnRetry.NewKey(), parsed.Options)
        {
            Response = new ResponseTurn(id, parsed.PreviousResponseId, parsed.Store, echo, createdAt),
            Audit = AuditMiddleware.ForTurn(http, caller),
            Key = caller.Key,
            McpServers = parsed.McpServers is { Count: > 0 } servers ? servers : null,
            NewSessionId = parsed.PreviousResponseId is null && header.Length == 0 && clientKey is null,
            Approvals = ResponsesInput.Decisions(parsed.Input),
        };
        var wire = new ResponsesWire(id, sessionId, model, echo, createdAt);
        if (parsed.Background)
        {
            var run = await BackgroundResponses.StartAsync(grains, caller, id, sessionId, request, parsed.Stream);
            if (parsed.Stream)
            {
                await sse.WriteAsync(http, RunStreams.FollowAsync(BackgroundResponses.Run(grains, caller, id), caller, null, http.RequestAborted),
                    BackgroundResponses.Wire(run), startingAfter: -1);
                return EventStreamWritten.Instance;
            }
            return Answer(await ViewAsync(run, caller, grains));
        }
        if (parsed.Stream)
        {
            await sse.WriteAsync(http, TurnRetry.StreamTurnAsync(http, grains, caller.TenantId!, sessionId, request), wire,
                markReplay: clientKey is not null);
            return EventStreamWritten.Instance;
        }
        var outcome = await TurnRetry.RunTurnAsync(http, grains, caller.TenantId!, sessionId, request);
        if (outcome.Result is not { } result)
        {
            return TurnErrors.Answer(http, outcome.Error!);
        }
        AuditMiddleware.WrittenWithTurn(http, result);
        DeploymentHeader.Set(http, result.Deployment);
        if (result.Replayed && clientKey is not null)
        {
            http.Response.Headers[TurnRetry.ReplayedHeader] = "true";
            // The first answer's response as stored (its time and request), when it was stored.
            if (await StoredAsync(id, caller, grains) is { } stored)
            {
                return Answer(ResponsesWire.For(stored).Response(stored.Result));
            }
        }
        return Answer(wire.Response(result));
    }

    private static async Task<Results<WireJson<ResponseObject>, EventStreamWritten, ApiErrorResult>> GetAsync(
        string id, Caller caller, IGrainFactory grains, HttpContext http, ResponsesStreamWriter sse,
        bool? stream, [FromQuery(Name = "starting_after")] int? startingAfter)
    {
        if (stream is true)
        {
            if (await BackgroundResponses.GetAsync(grains, caller, id) is not { } run)
            {
                return await StoredAsync(id, caller, grains) is null ? NotFound(id)
                    : ApiError.BadRequest($"Response '{id}' is not a background response, so it has no stream to read again", "stream");
            }
            if (BackgroundResponses.StreamRefusal(run) is { } notStreamed)
            {
                return notStreamed;
            }
            // The stream's first page, read once: it shows whether an ended run's events are gone, and it is what the stream starts with.
            var events = BackgroundResponses.Run(grains, caller, id);
            var first = await RunStreams.ReadAsync(events, caller, -1, http.RequestAborted);
            if (BackgroundResponses.ExpiredRefusal(run, first) is { } expired)
            {
                return expired;
            }
            await sse.WriteAsync(http, RunStreams.FollowAsync(events, caller, first, http.RequestAborted),
                BackgroundResponses.Wire(run), startingAfter: startingAfter ?? -1);
            return EventStreamWritten.Instance;
        }
        if (startingAfter is not null)
        {
            return ApiError.BadRequest("'starting_after' is only read with 'stream=true'", "starting_after");
        }
        // A stored response first: every ordinary response is one, and so is a background run's once it completed.
        if (await StoredAsync(id, caller, grains) is { } stored)
        {
            return Answer(ResponsesWire.For(stored).Response(stored.Result));
        }
        if (await BackgroundResponses.GetAsync(grains, caller, id) is not { } pending)
        {
            return NotFound(id);
        }
        if (pending.Status != RunStatus.Completed)
        {
            return Answer(BackgroundResponses.View(pending));
        }
        // Completed since the read above, or completed and its stored response deleted since.
        return await StoredAsync(id, caller, grains) is { } done ? Answer(ResponsesWire.For(done).Response(done.Result)) : NotFound(id);
    }

    private static async Task<Results<WireJson<ResponseObject>, ApiErrorResult>> CancelAsync(string id, Caller caller, IGrainFactory grains)
    {
        // A run's turn stores its answer before the run records its end: once GET shows it completed, cancelling is refused too.
        if (await StoredAsync(id, caller, grains) is { Result.RequiresApproval: false }
            && await BackgroundResponses.GetAsync(grains, caller, id) is { } answered && !RunStatus.IsEnded(answered.Status))
        {
            return BackgroundResponses.CancelRefusal(answered with { Status = RunStatus.Completed })!;
        }
        if ((await BackgroundResponses.CancelAsync(grains, caller, id)).Run is not { } run)
        {
            return await StoredAsync(id, caller, grains) is null ? NotFound(id)
                : ApiError.BadRequest($"Only background responses can be cancelled; '{id}' was not created with 'background': true", "response_id");
        }
        return BackgroundResponses.CancelRefusal(run) is { } refused ? refused : Answer(await ViewAsync(run, caller, grains));
    }

    /// <summary>A run's response: the stored one once it completed, else the run as it stands.</summary>
    private static async Task<ResponseObject> ViewAsync(RunSnapshot run, Caller caller, IGrainFactory grains) =>
        run.Status is RunStatus.Completed or RunStatus.RequiresAction && await StoredAsync(run.Id, caller, grains) is { } stored
            ? ResponsesWire.For(stored).Response(stored.Result)
            : BackgroundResponses.View(run);

    private static async Task<Results<WireJson<ResponseDeleted>, ApiErrorResult>> DeleteAsync(string id, Caller caller, IGrainFactory grains)
    {
        if (ResponseId.SessionOf(id) is not { } sessionId ||
            !await grains.Reference<ISessionGrain>(SessionKey.For(caller.TenantId!, sessionId)).DeleteResponseAsync(id, caller.Subject, caller.IsTenantAdmin))
        {
            return NotFound(id);
        }
        return WireJson<ResponseDeleted>.Of(new ResponseDeleted(id, "response.deleted", true), ResponsesJson.Default.ResponseDeleted);
    }

    private static WireJson<ResponseObject> Answer(ResponseObject response) => WireJson<ResponseObject>.Of(response, ResponsesJson.Default.ResponseObject);

    private static async Task<StoredResponse?> StoredAsync(string id, Caller caller, IGrainFactory grains) =>
        ResponseId.SessionOf(id) is { } sessionId
            ? await grains.Reference<ISessionGrain>(SessionKey.For(caller.TenantId!, sessionId)).GetResponseAsync(id, caller.Subject, caller.IsTenantAdmin)
            : null;

    private static ApiErrorResult NotFound(string id) => ApiError.Create(404, $"No response '{id}'", "not_found", "id");
}
