namespace HermesX.Frontend.Observability;

/// <summary>
/// What the request pipeline (<see cref="Hosting.RequestPipeline"/>) adds to every request for
/// observability: the trace id in an <c>X-Trace-Id</c> response header, a logging scope carrying the
/// request, tenant and trace ids, and one access line when the request ends (route template, status,
/// duration; never the raw path, query string or body).
/// </summary>
public static class RequestTelemetry
{
    public const string TraceHeader = "X-Trace-Id";

    // Probes, scrapes and the dashboard's polling would drown the log at the default level.
    private static readonly string[] QuietPrefixes = ["/health", "/v1/health", "/metrics", "/v1/metrics", "/dashboard"];

    /// <summary>Whether the request's access line is written at Debug only.</summary>
    public static bool IsQuiet(Microsoft.AspNetCore.Http.PathString path)
    {
        foreach (var prefix in QuietPrefixes)
        {
            if (path.StartsWithSegments(prefix))
            {
                return true;
            }
        }
        return false;
    }
}
