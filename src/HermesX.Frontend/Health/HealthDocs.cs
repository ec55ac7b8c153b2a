using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HermesX.Frontend.Health;

public static class HealthDocs
{
    /// <summary>The readiness report is the body of both the 200 and the 503 of <c>/ready</c>; its handler returns it untyped.</summary>
    public static RouteGroupBuilder WithReadinessDocs(this RouteGroupBuilder group)
    {
        ((IEndpointConventionBuilder)group).Add(b =>
        {
            if (b is RouteEndpointBuilder { RoutePattern.RawText: { } path } && path.EndsWith("/ready", StringComparison.Ordinal))
            {
                b.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(ReadinessResponse), ["application/json"]));
                b.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(ReadinessResponse), ["application/json"]));
            }
        });
        return group;
    }
}
