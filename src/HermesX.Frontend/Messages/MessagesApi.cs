using HermesX.Frontend.Gate;
using HermesX.Grains.Abstractions;
using System.Diagnostics;
using HermesX.Frontend.Audit;
using HermesX.Frontend.Auth;
using HermesX.Frontend.Chat;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Wire;
using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Abstractions.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Frontend.Messages;

/// <summary>
/// The Anthropic Messages API inbound, so Anthropic SDK clients use HermesX as their gateway. A
/// message is a turn of a session like a chat completion: same grain, tools, receipts, quotas and usage.
/// </summary>
public static class MessagesApi
{
    public const string BetaHeader = "anthropic-beta";

    public static void MapMessages(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(AnthropicErrors.Path, CreateAsync).RequireAuthorization(AuthPolicies.Authenticated)
            .WithTags("Messages").WithName("CreateMessage").WithSummary("Anthropic-compatible Messages API (stream or not)")
            .RequireTenant("Messages run as a tenant: use a tenant API key, not the platform token")
            .RequireScope("Messages need the 'execute' scope", Scopes.Execute)
            .ProducesErrors([StatusCodes.Status415UnsupportedMediaType, .. ChatApi.TurnErrorStatuses]).WithMetadata(EventStreamResponse.Instance)
            .Accepts<AnthropicMessagesRequest>("application/json");
    }

    private static async Task<Results<ServerSentEventsResult<string>, WireJson<AnthropicMessageResponse>, ApiErrorResult>> CreateAsync(
        Caller caller, HttpContext http, IGrainFactory grains, IModelCatalog models)
    {
        if (!http.Request.HasJsonContentType())
        {
            return ApiError.Create(415, "Unsupported content type: send application/json", "unsupported_media_type");
        }
        if (BetaProblem(http.Request) is { } problem)
        {
            return problem;
        }
        ParsedMessagesRequest parsed;
        try
        {
            // Bound and checked before anything is created: a turn that would fail to store must not leave an empty session behind.
            parsed = await MessagesRequestValidator.ReadAsync(http.Request.Body, http.RequestAborted);
        }
        catch (ChatRequestException e)
        {
            return ApiError.BadRequest(e.Message, e.Param, e.Code);
        }

        if (!models.TryGet(parsed.Model, out var info))
        {
            // Anthropic answers an unknown model with 404 not_found_error; its SDKs expect that.
            return ApiError.Create(404, $"model: the model '{parsed.Model}' does not exist; GET /v1/models lists the catalog", "model_not_found", "model");
        }
        try
        {
            // The same provider table as chat: top_p, stop sequences and the end user reach every provider that has them.
            ProviderFields.Check(info, parsed.Options, parsed.Stream);
        }
        catch (ChatRequestException e)
        {
            return ApiError.BadRequest(e.Message, e.Param);
        }
        var (keys, invalid) = TurnRetry.Resolve(http, caller.Subject);
        if (invalid is not null)
        {
            return invalid;
        }
        var (key, clientKey, sessionId) = (keys.Key, keys.ClientKey, keys.SessionId);

        var request = new TurnRequest(caller.Subject, parsed.Model, parsed.Messages, parsed.Tools, parsed.ToolChoice, parsed.MaxTokens,
            parsed.Temperature, Activity.Current?.Id, caller.IsTenantAdmin, key, parsed.Options)
        {
            Audit = AuditMiddleware.ForTurn(http, caller),
            Key = caller.Key,
            NewSessionId = keys.Minted,
        };
        var wire = new MessagesWire(WireNames.NewId("msg_"), parsed.Model);
        if (!parsed.Stream)
        {
            var outcome = await TurnRetry.RunTurnAsync(http, grains, caller.TenantId!, sessionId, request);
            if (outcome.Result is not { } result)
            {
                return TurnErrors.Answer(http, outcome.Error!);
            }
            AuditMiddleware.WrittenWithTurn(http, result);
            DeploymentHeader.Set(http, result.Deployment);
            MarkReplay(http, clientKey, result.Replayed);
            return WireJson<AnthropicMessageResponse>.Of(wire.Message(result), MessagesJson.Default.AnthropicMessageResponse);
        }
        // The first event decides the answer: an error before any output is a plain error response, not a stream.
        var turn = TurnRetry.StreamTurnAsync(http, grains, caller.TenantId!, sessionId, request)
            .GetAsyncEnumerator(http.RequestAborted);
        bool more;
        try
        {
            more = await turn.MoveNextAsync();
        }
        catch
        {
            await turn.DisposeAsync();
            throw;
        }
        if (more && turn.Current.Error is { } refused)
        {
            await turn.DisposeAsync();
            return TurnErrors.Answer(http, refused);
        }
        MarkReplay(http, clientKey, more && (turn.Current.Result is { Replayed: true } || turn.Current.Status == TurnEventKinds.ReplayedStatus));
        if (more)
        {
            DeploymentHeader.Set(http, turn.Current);
        }
        return TypedResults.ServerSentEvents(MessagesStream.EventsAsync(turn, more, wire, http, http.RequestAborted));
    }

    /// <summary>A resent Idempotency-Key answered from the committed turn says so, as on chat completions.</summary>
    private static void MarkReplay(HttpContext http, bool clientKey, bool replayed)
    {
        if (replayed && clientKey)
        {
            http.Response.Headers[TurnRetry.ReplayedHeader] = "true";
        }
    }

    /// <summary>
    /// Beta features are asked for in a header; HermesX has none, so asking is refused, not ignored.
    /// <c>anthropic-version</c> is not checked: each SDK sends the date it was built against, and
    /// HermesX serves the Messages shapes (message, content blocks, stream events) all of them read.
    /// </summary>
    private static ApiErrorResult? BetaProblem(HttpRequest request) =>
        request.Headers[BetaHeader].ToString() is { Length: > 0 } beta
            ? ApiError.BadRequest($"{BetaHeader}: beta features ({beta}) are not supported by HermesX's Messages API", BetaHeader)
            : null;
}
