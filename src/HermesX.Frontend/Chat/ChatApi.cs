using HermesX.Frontend.Gate;
using HermesX.Grains.Abstractions;
using HermesX.Frontend.Wire;
using HermesX.Grains.Abstractions.Diagnostics;
using System.Diagnostics;
using HermesX.Frontend.Audit;
using HermesX.Frontend.Auth;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Observability;
using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Abstractions.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using HermesX.Grains.Abstractions.Llm;
using Microsoft.Extensions.DependencyInjection;

namespace HermesX.Frontend.Chat;

public sealed record AbortResponse(string SessionId, bool Aborted);

/// <summary>The optional body of an abort; the <c>X-Hermes-Session-Id</c> header may name the session instead.</summary>
public sealed record AbortRequest(string? SessionId);

/// <summary>The OpenAI-compatible surface: chat completions (plain and SSE), abort, models.</summary>
public static class ChatApi
{
    public const string SessionHeader = "X-Hermes-Session-Id";

    public static void MapChat(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1").WithTags("Chat").RequireAuthorization(AuthPolicies.Authenticated);
        foreach (var (path, name, summary) in new[]
        {
            ("/chat/completions", "ChatCompletions", "OpenAI-compatible chat completion (stream or not)"),
            ("/agent/chat", "AgentChat", "Alias of /v1/chat/completions"),
        })
        {
            group.MapPost(path, CompleteAsync).WithName(name).WithSummary(summary)
                .AddEndpointFilter(CountOutcome).RequireTenant(TenantRefusal).RequireScope(ScopeRefusal, Scopes.Execute)
                .ProducesErrors([StatusCodes.Status410Gone, .. TurnErrorStatuses])
                .Accepts<ChatCompletionRequest>("application/json");
        }
        group.MapPost("/chat/abort", AbortAsync).WithName("AbortChat").WithSummary("Cancel a session's running turn")
            .RequireTenant("Abort needs a tenant credential with the 'execute' scope", Scopes.Execute).ProducesErrors(StatusCodes.Status404NotFound)
            .Accepts<AbortRequest>(isOptional: true, "application/json");
    }

    /// <summary>
    /// What a turn can answer besides 400: a model the allow-lists leave out (403), an unknown session or previous response (404), media over
    /// the cap (413), tool calls waiting for approval (409), a quota (429), the model provider refusing (502) or unavailable (503).
    /// </summary>
    public static readonly int[] TurnErrorStatuses = [StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge,
        StatusCodes.Status429TooManyRequests, StatusCodes.Status502BadGateway, StatusCodes.Status503ServiceUnavailable];

    private const string TenantRefusal = "Chat runs as a tenant: use a tenant API key, not the platform token";
    private const string ScopeRefusal = "Chat needs the 'execute' scope";

    /// <summary>Outside the tenant gate, so refused completions are counted as errors too.</summary>
    private static async ValueTask<object?> CountOutcome(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        var result = await next(ctx);
        var http = ctx.HttpContext;
        var tenant = Caller.Of(http).TenantId ?? "";
        // The handler's Results<…> holds the answer it chose; the tenant gate answers an ApiErrorResult itself.
        var answer = result is INestedHttpResult nested ? nested.Result : result;
        var status = answer is IStatusCodeHttpResult { StatusCode: { } code } && code >= 400 ? code : http.Response.StatusCode;
        HermesMeter.ChatCompleted(tenant, status < 400 ? "success" : status == 499 || http.RequestAborted.IsCancellationRequested ? "cancelled" : "error");
        return result;
    }

    private static async Task<Results<WireJson<ChatCompletion>, EventStreamWritten, ApiErrorResult>> CompleteAsync(
        Caller caller, HttpContext http, IGrainFactory grains, IModelCatalog models, SseTurnWriter sse)
    {
        ParsedChatRequest parsed;
        try
        {
            // Bound and checked before anything is created: a turn that would fail to store must not leave an empty session behind.
            parsed = await ChatRequestBody.ReadAsync(http.Request, http.RequestAborted);
        }
        catch (ContentTooLargeException e)
        {
            return ApiError.Create(StatusCodes.Status413PayloadTooLarge, e.Message, "content_too_large", e.Param);
        }
        catch (ChatRequestException e)
        {
            return ApiError.BadRequest(e.Message, e.Param, e.Code);
        }

        var model = parsed.Model ?? models.Default.Id;
        if (ProviderFields.Refusal(models, model, parsed.Options, parsed.Stream, parsed.Messages, out _) is { } refused)
        {
            return refused;
        }
        var (keys, invalid) = TurnRetry.Resolve(http, caller.Subject, parsed.SessionId);
        if (invalid is not null)
        {
            return invalid;
        }
        var (key, clientKey, sessionId) = (keys.Key, keys.ClientKey, keys.SessionId);
        var (resumeAfter, badResume) = ResumableChat.LastEventId(http, parsed.Stream, clientKey);
        if (badResume is not null)
        {
            return badResume;
        }

        var request = new TurnRequest(caller.Subject, model, parsed.Messages, parsed.Tools, parsed.ToolChoice, parsed.MaxTokens,
            parsed.Temperature, Activity.Current?.Id, caller.IsTenantAdmin, key, parsed.Options)
        {
            Audit = AuditMiddleware.ForTurn(http, caller),
            Key = caller.Key,
            NewSessionId = keys.Minted,
        };
        var wire = new ChatWire(WireNames.NewId("chatcmpl-"), model, sessionId);

        if (parsed.Stream)
        {
            if (clientKey)
            {
                // A stream the client can name again is resumable (Last-Event-ID); one without a key costs nothing of it.
                var (written, error) = await ResumableChat.StreamAsync(http, grains, caller, keys, request, parsed.IncludeUsage, resumeAfter, sse);
                if (written)
                {
                    return EventStreamWritten.Instance;
                }
                if (error is not null)
                {
                    return error;
                }
            }
            var events = TurnRetry.StreamTurnAsync(http, grains, caller.TenantId!, sessionId, request);
            await sse.WriteAsync(http, events, wire, parsed.IncludeUsage, clientKey);
            return EventStreamWritten.Instance;
        }
        var outcome = await TurnRetry.RunTurnAsync(http, grains, caller.TenantId!, sessionId, request);
        if (outcome.Result is not { } result)
        {
            return TurnErrors.Answer(http, outcome.Error!);
        }
        AuditMiddleware.WrittenWithTurn(http, result);
        DeploymentHeader.Set(http, result.Deployment);
        if (result.Replayed && clientKey)
        {
            http.Response.Headers[TurnRetry.ReplayedHeader] = "true";
        }
        return WireJson<ChatCompletion>.Of(wire.Completion(result), ChatJson.Default.ChatCompletion);
    }

    private static async Task<Results<WireJson<AbortResponse>, ApiErrorResult>> AbortAsync(Caller caller, HttpContext http, IGrainFactory grains)
    {
        string? sessionId = http.Request.Headers[SessionHeader].ToString() is { Length: > 0 } h ? h : null;
        if (sessionId is null && http.Request.ContentLength != 0 && http.Request.HasJsonContentType())
        {
            try
            {
                sessionId = (await WireBody.ReadAsync(http.Request.Body, ChatJson.Default.AbortRequest, http.RequestAborted)).SessionId;
            }
            catch (ChatRequestException e)
            {
                return ApiError.BadRequest(e.Message, e.Param, e.Code);
            }
        }
        if (sessionId is null || !WireNames.IsValidSessionId(sessionId))
        {
            return ApiError.BadRequest("'session_id' (body) or X-Hermes-Session-Id (header) is required", "session_id");
        }
        // The grain knows its owner from the moment a first turn is admitted, before any row is written.
        var grain = grains.Reference<ISessionGrain>(SessionKey.For(caller.TenantId!, sessionId));
        var owner = await grain.OwnerAsync();
        if (owner is null || (owner != caller.Subject && !caller.IsTenantAdmin))
        {
            return ApiError.NotFound($"No session '{sessionId}'");
        }
        var aborted = await grain.AbortAsync();
        return WireJson<AbortResponse>.Of(new AbortResponse(sessionId, aborted), ChatJson.Default.AbortResponse);
    }
}
