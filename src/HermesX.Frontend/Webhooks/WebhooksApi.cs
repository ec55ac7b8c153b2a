using HermesX.Frontend.Auth;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Gate;
using HermesX.Frontend.Validation;
using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Abstractions.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HermesX.Frontend.Webhooks;

/// <summary>
/// A tenant's webhook endpoints, managed by its admins (the platform admin names the tenant with
/// <c>tenant_id</c>). Events leave from the outbox in Postgres, signed as the Standard Webhooks
/// specification says; the secret is shown once, in the answer to POST.
/// </summary>
public static class WebhooksApi
{
    /// <summary>How many recent deliveries GET …/deliveries shows at most.</summary>
    public const int RecentDeliveries = 100;

    private const string WriteRefusal = $"Managing webhooks needs the '{Scopes.Admin}' scope";

    public static void MapWebhooks(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/webhooks").WithTags("Webhooks").RequirePolicy(AuthPolicies.TenantAdmin,
            $"Managing webhooks needs the tenant 'admin' role, or the platform admin token ({PolicyRefusal.PlatformToken})");
        group.MapPost("/", (CreateWebhookRequest body, Caller caller, IGrainFactory g) =>
                TenantTarget.RunAsync(caller, body.TenantId, t => CreateAsync(t, body, g)))
            .WithName("CreateWebhook").WithSummary("Register a webhook endpoint (its signing secret is returned once)").WithValidation()
            .RequireScope(WriteRefusal, Scopes.Admin);
        group.MapGet("/", (Caller caller, HttpContext http, IWebhookQueries q) =>
                TenantTarget.RunAsync(caller, http.Request.Query["tenant_id"], t => ListAsync(t, q)))
            .WithName("ListWebhooks").WithSummary("List webhook endpoints (never their secrets)");
        group.MapDelete("/{id}", (string id, Caller caller, HttpContext http, IGrainFactory g) =>
                TenantTarget.RunAsync(caller, http.Request.Query["tenant_id"], t => DeleteAsync(t, id, g)))
            .WithName("DeleteWebhook").WithSummary("Remove a webhook endpoint and its deliveries").RequireScope(WriteRefusal, Scopes.Admin)
            .ProducesErrors(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/deliveries", (string id, Caller caller, HttpContext http, IWebhookQueries q) =>
                TenantTarget.RunAsync(caller, http.Request.Query["tenant_id"], t => DeliveriesAsync(t, id, q)))
            .WithName("ListWebhookDeliveries").WithSummary("An endpoint's recent deliveries: state, attempts, last status or error, next attempt")
            .ProducesErrors(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Created<CreatedWebhookResponse>, ApiErrorResult>> CreateAsync(string tenantId, CreateWebhookRequest body, IGrainFactory grains)
    {
        var events = body.Events!.Distinct(StringComparer.Ordinal).ToList();
        var registration = await grains.GetGrain<ITenantWebhooksGrain>(tenantId).CreateAsync(body.Url!.Trim(), events);
        if (registration is not { Endpoint: { } e, Secret: { } secret })
        {
            return ApiError.BadRequest(registration.Refusal ?? "'url' was refused", "url");
        }
        return TypedResults.Created($"/v1/webhooks/{e.Id}", new CreatedWebhookResponse(e.Id, e.Url, e.Events, secret, e.CreatedAt));
    }

    private static async Task<Results<Ok<ListResponse<WebhookResponse>>, ApiErrorResult>> ListAsync(string tenantId, IWebhookQueries queries) =>
        TypedResults.Ok(ListResponse.All((await queries.ListAsync(tenantId)).Select(WebhookResponse.From).ToList()));

    private static async Task<Results<NoContent, ApiErrorResult>> DeleteAsync(string tenantId, string id, IGrainFactory grains) =>
        await grains.GetGrain<ITenantWebhooksGrain>(tenantId).DeleteAsync(id)
            ? TypedResults.NoContent()
            : ApiError.NotFound($"No webhook endpoint '{id}'");

    private static async Task<Results<Ok<WebhookDeliveryList>, ApiErrorResult>> DeliveriesAsync(string tenantId, string id, IWebhookQueries queries) =>
        await queries.DeliveriesAsync(tenantId, id, RecentDeliveries) is { } rows
            ? TypedResults.Ok(new WebhookDeliveryList("list", rows.Select(WebhookDeliveryResponse.From).ToList()))
            : ApiError.NotFound($"No webhook endpoint '{id}'");
}
