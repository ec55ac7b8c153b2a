using Microsoft.AspNetCore.Http;

namespace HermesX.Frontend.Observability;

/// <summary>Runs the rest of the pipeline and reports the final status, counting an escaping exception as 500.</summary>
public static class ObservedRequest
{
    public static async Task RunAsync(HttpContext http, RequestDelegate next, Func<int, Task> completed)
    {
        var failed = false;
        try
        {
            await next(http);
        }
        catch
        {
            // The error handler further out turns this into a 500 (or 503) after it is recorded here.
            failed = true;
            throw;
        }
        finally
        {
            await completed(failed ? 500 : http.Response.StatusCode);
        }
    }
}
