using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;
using HermesX.Grains.Abstractions.Configuration;

namespace HermesX.Frontend.StaticConsole;

/// <summary>
/// Serves the web console (SAAS_STATIC_DIR) at <c>/</c> on the SaaS API port. Client routes fall
/// back to <c>index.html</c>, but never under the API's own prefixes: an unknown <c>/v1/…</c> is
/// still the JSON 404, and the dashboard and metrics keep their paths.
/// </summary>
public static class StaticConsoleExtensions
{
    /// <summary>Prefixes the console never answers for, whatever the path below them.</summary>
    public static readonly string[] ReservedPrefixes = ["/v1", "/admin", "/health", "/dashboard", "/metrics"];

    /// <summary>Vite writes content-hashed file names here, so a file's bytes never change under its name.</summary>
    public const string HashedAssetsPrefix = "/assets";

    public const string IndexFile = "index.html";

    public const string ImmutableCache = "public, max-age=31536000, immutable";

    public const string NoCache = "no-cache";

    /// <summary>
    /// Scripts only from the console's own files (no inline script, no eval). Inline styles are
    /// allowed because the component library injects its theme variables in a style element.
    /// connect-src 'self': served here, the console talks only to this origin.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseStaticConsole(this IApplicationBuilder app, HermesOptions options)
    {
        if (options.StaticDir is not { } dir)
        {
            return app;
        }
        var root = Path.GetFullPath(dir);
        if (!File.Exists(Path.Combine(root, IndexFile)))
        {
            // Accepted but unusable would be silent: the operator set the variable to get a console.
            throw new InvalidOperationException($"SAAS_STATIC_DIR={dir}: no {IndexFile} in {root}; build the console (npm run build in webui/) or unset SAAS_STATIC_DIR");
        }
        var files = new PhysicalFileProvider(root);
        var staticFiles = new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = ctx => SetHeaders(ctx.Context, ctx.Context.Request.Path),
        };
        app.UseWhen(http => IsConsoleRequest(http, options), branch =>
        {
            branch.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, DefaultFileNames = [IndexFile] });
            branch.UseStaticFiles(staticFiles);
            branch.Use(async (http, next) =>
            {
                if (!IsClientRoute(http.Request.Path))
                {
                    await next(http);
                    return;
                }
                SetHeaders(http, "/" + IndexFile);
                var index = files.GetFileInfo(IndexFile);
                http.Response.ContentType = "text/html; charset=utf-8";
                http.Response.ContentLength = index.Length;
                if (HttpMethods.IsGet(http.Request.Method))
                {
                    await http.Response.SendFileAsync(index, http.RequestAborted);
                }
            });
        });
        return app;
    }

    private static bool IsConsoleRequest(HttpContext http, HermesOptions options) =>
        (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)) &&
        (http.Connection.LocalPort == options.SaasApiPort || options.ApiPort == options.SaasApiPort) &&
        !ReservedPrefixes.Any(p => http.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>A path whose last segment has no extension is a client route; a missing file (a.js) is a 404.</summary>
    public static bool IsClientRoute(PathString path)
    {
        var value = path.Value ?? "/";
        var last = value[(value.LastIndexOf('/') + 1)..];
        return !last.Contains('.', StringComparison.Ordinal) && !value.StartsWith(HashedAssetsPrefix + "/", StringComparison.Ordinal);
    }

    private static void SetHeaders(HttpContext http, PathString served)
    {
        var headers = http.Response.Headers;
        headers[HeaderNames.CacheControl] = served.StartsWithSegments(HashedAssetsPrefix) ? ImmutableCache : NoCache;
        headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
    }
}
