using HermesX.Frontend.Auth;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Gate;
using HermesX.Frontend.Validation;
using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Abstractions.Mcp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HermesX.Frontend.Mcp;

/// <summary>
/// A tenant's remote MCP tool servers, managed by its admins (the platform admin names the tenant with
/// <c>tenant_id</c>). Their allowed tools are offered to the model in the tenant's turns as
/// <c>{server_label}__{tool}</c>.
/// </summary>
public static class McpApi
{
    private const string WriteRefusal = $"Managing MCP servers needs the '{Scopes.Admin}' scope";

    public static void MapMcpServers(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/mcp/servers").WithTags("MCP").RequirePolicy(AuthPolicies.TenantAdmin,
            $"Managing MCP servers needs the tenant 'admin' role, or the platform admin token ({PolicyRefusal.PlatformToken})");
        group.MapPost("/", (CreateMcpServerRequest body, Caller caller, IGrainFactory g) =>
                TenantTarget.RunAsync(caller, body.TenantId, t => CreateAsync(t, body, g)))
            .WithName("CreateMcpServer").WithSummary("Register a remote MCP server (its credentials are stored encrypted and never returned)")
            .WithValidation().RequireScope(WriteRefusal, Scopes.Admin);
        group.MapGet("/", (Caller caller, HttpContext http, IMcpQueries q) =>
                TenantTarget.RunAsync(caller, http.Request.Query["tenant_id"], t => ListAsync(t, q)))
            .WithName("ListMcpServers").WithSummary("List MCP servers with their last tool list and health (never their credentials)");
        group.MapPost("/{id}/refresh", (string id, Caller caller, HttpContext http, IGrainFactory g) =>
                TenantTarget.RunAsync(caller, http.Request.Query["tenant_id"], t => RefreshAsync(t, id, g)))
            .WithName("RefreshMcpServer")
            .WithSummary("Ask an MCP server for its tools now: answers the server as listed, with the tool list and health just seen")
            .RequireScope(WriteRefusal, Scopes.Admin).ProducesErrors(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", (string id, Caller caller, HttpContext http, IGrainFactory g) =>
                TenantTarget.RunAsync(caller, http.Request.Query["tenant_id"], t => DeleteAsync(t, id, g)))
            .WithName("DeleteMcpServer").WithSummary("Remove an MCP server").RequireScope(WriteRefusal, Scopes.Admin)
            .ProducesErrors(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Created<McpServerResponse>, ApiErrorResult>> CreateAsync(string tenantId, CreateMcpServerRequest body, IGrainFactory grains)
    {
        var registration = await grains.GetGrain<ITenantMcpGrain>(tenantId).CreateAsync(body.ToSpec());
        if (registration is not { Server: { } server })
        {
            return ApiError.BadRequest(registration.Refusal ?? "'server_url' was refused", registration.Field ?? "server_url");
        }
        return TypedResults.Created($"/v1/mcp/servers/{server.Id}", McpServerResponse.From(server));
    }

    private static async Task<Results<Ok<ListResponse<McpServerResponse>>, ApiErrorResult>> ListAsync(string tenantId, IMcpQueries queries) =>
        TypedResults.Ok(ListResponse.All((await queries.ListAsync(tenantId)).Select(McpServerResponse.From).ToList()));

    private static async Task<Results<Ok<McpServerResponse>, ApiErrorResult>> RefreshAsync(string tenantId, string id, IGrainFactory grains) =>
        await grains.GetGrain<ITenantMcpGrain>(tenantId).RefreshAsync(id) is { } server
            ? TypedResults.Ok(McpServerResponse.From(server))
            : ApiError.NotFound($"No MCP server '{id}'");

    private static async Task<Results<NoContent, ApiErrorResult>> DeleteAsync(string tenantId, string id, IGrainFactory grains) =>
        await grains.GetGrain<ITenantMcpGrain>(tenantId).DeleteAsync(id)
            ? TypedResults.NoContent()
            : ApiError.NotFound($"No MCP server '{id}'");
}
