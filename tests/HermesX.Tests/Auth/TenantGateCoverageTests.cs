using HermesX.Frontend.Gate;
using HermesX.Frontend.Auth;
using HermesX.Tests.Architecture;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HermesX.Tests.Auth;

/// <summary>Reads the real route table of a built (never started) HermesX host: every tenant endpoint passes the one gate.</summary>
public sealed class TenantGateCoverageTests
{
    /// <summary>The /v1 routes the platform token may call: each is either tenant-free or names the tenant with tenant_id.</summary>
    private static readonly string[] PlatformRoutes =
        ["/v1/me", "/v1/models", "/v1/health", "/v1/openapi", "/v1/metrics", "/v1/tenants", "/v1/api-keys", "/v1/gdpr", "/v1/webhooks", "/v1/mcp"];

    private static readonly Lazy<Task<List<(string Method, string Route, IReadOnlyList<TenantGate> Gates)>>> Routes = new(ReadRoutesAsync);

    private static Task<List<(string Method, string Route, IReadOnlyList<TenantGate> Gates)>> RoutesAsync() => Routes.Value;

    /// <summary>(method, route) → the gates on it, outermost first.</summary>
    private static async Task<List<(string Method, string Route, IReadOnlyList<TenantGate> Gates)>> ReadRoutesAsync()
    {
        await using var app = UnstartedHost.Build();
        return ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => (m, "/" + e.RoutePattern.RawText!.Trim('/'), e.Metadata.GetOrderedMetadata<TenantGate>())))
            .ToList();
    }

    [Fact]
    public async Task EveryV1EndpointThatIsNotThePlatformsAsksTheGateForATenant()
    {
        var routes = await RoutesAsync();
        Assert.Contains(routes, r => r.Route == "/v1/chat/completions");
        var ungated = routes
            .Where(r => r.Route.StartsWith("/v1/", StringComparison.Ordinal) &&
                        !PlatformRoutes.Any(p => r.Route == p || r.Route.StartsWith(p + "/", StringComparison.Ordinal)))
            .Where(r => !r.Gates.Any(g => g.TenantRefusal is not null))
            .Select(r => $"{r.Method} {r.Route}")
            .ToList();
        Assert.True(ungated.Count == 0, "without a tenant gate: " + string.Join(", ", ungated));
    }

    [Theory]
    [InlineData("POST", "/v1/chat/completions", "execute")]
    [InlineData("POST", "/v1/agent/chat", "execute")]
    [InlineData("POST", "/v1/embeddings", "execute")]
    [InlineData("POST", "/v1/chat/abort", "execute")]
    [InlineData("POST", "/v1/messages", "execute")]
    [InlineData("POST", "/v1/responses", "execute")]
    [InlineData("DELETE", "/v1/responses/{id}", "execute write")]
    [InlineData("POST", "/v1/sessions", "write")]
    [InlineData("DELETE", "/v1/sessions/{id}", "write")]
    [InlineData("GET", "/v1/memories", "read")]
    [InlineData("DELETE", "/v1/memories/{key}", "write")]
    [InlineData("GET", "/v1/usage", "usage:read")]
    [InlineData("POST", "/v1/api-keys", "key:write")]
    [InlineData("DELETE", "/v1/api-keys/{id}", "key:write")]
    [InlineData("POST", "/v1/api-keys/{id}/rotate", "key:write")]
    [InlineData("POST", "/v1/webhooks", "admin")]
    [InlineData("DELETE", "/v1/webhooks/{id}", "admin")]
    [InlineData("POST", "/v1/mcp/servers", "admin")]
    [InlineData("DELETE", "/v1/mcp/servers/{id}", "admin")]
    public async Task WritesAndTurnsAskTheGateForTheirScope(string method, string route, string scopes)
    {
        var routes = await RoutesAsync();
        var (_, _, gates) = Assert.Single(routes, r => r.Method == method && r.Route == route);
        Assert.Contains(gates, g => g.AnyScope.Order().SequenceEqual(scopes.Split(' ').Order()));
    }

    [Theory]
    [InlineData("GET", "/v1/audit-logs", "admin auditor")]
    [InlineData("POST", "/v1/skills", "admin operator")]
    [InlineData("PUT", "/v1/skills/{name}", "admin operator")]
    [InlineData("DELETE", "/v1/skills/{name}", "admin operator")]
    [InlineData("PUT", "/v1/persona", "admin operator")]
    public async Task RoleGatedEndpointsAskTheGateForTheirRoles(string method, string route, string roles)
    {
        var routes = await RoutesAsync();
        var (_, _, gates) = Assert.Single(routes, r => r.Method == method && r.Route == route);
        Assert.Contains(gates, g => g.AnyRole.Order().SequenceEqual(roles.Split(' ').Order()));
    }
}
