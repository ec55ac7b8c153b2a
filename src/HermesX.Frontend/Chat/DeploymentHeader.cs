using HermesX.Grains.Abstractions.Sessions;
using Microsoft.AspNetCore.Http;

namespace HermesX.Frontend.Chat;

/// <summary>
/// <c>X-Hermes-Deployment</c>: which deployment (endpoint host:port and upstream model) served the answer.
/// A streamed answer learns it from its first event, which comes before any header is sent.
/// </summary>
public static class DeploymentHeader
{
    public const string Name = "X-Hermes-Deployment";

    public static void Set(HttpContext http, string? deployment)
    {
        if (deployment is not null)
        {
            http.Response.Headers[Name] = deployment;
        }
    }

    /// <summary>From the first event of a streamed turn.</summary>
    public static void Set(HttpContext http, TurnEvent first) => Set(http, first.Deployment ?? first.Result?.Deployment);
}
