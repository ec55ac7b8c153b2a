using HermesX.Frontend.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using HermesX.Grains.Abstractions.Skills;

namespace HermesX.Frontend.Skills;

/// <summary>
/// Refuses skill paths whose name is not a plain name, judged on the raw request target as sent.
/// Kestrel decodes <c>%2e</c> and removes dot segments before routing, so
/// <c>/v1/skills/%2e%2e/api-keys</c> would otherwise arrive as another endpoint's path.
/// </summary>
public static class SkillPathGuard
{
    public const string NameRule = "A skill name is 1-64 lowercase letters, digits, '-' or '_', starting with a letter or digit";
    private const string Root = "/v1/skills";

    /// <summary>Answers 400 (true: refused) for a skill path whose name is not a plain name.</summary>
    public static async Task<bool> RefusedAsync(HttpContext http)
    {
        if (Problem(http) is { } problem)
        {
            await ApiError.WriteAsync(http, StatusCodes.Status400BadRequest, problem, "invalid_skill_name", "name");
            return true;
        }
        return false;
    }

    /// <summary>Null when the request is not about a skill or names one validly.</summary>
    public static string? Problem(HttpContext http)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var rawPath = raw.Split('?', 2)[0];
        foreach (var path in new[] { rawPath, http.Request.Path.Value ?? "" })
        {
            var at = path.IndexOf(Root, StringComparison.OrdinalIgnoreCase);
            if (at < 0 || path.Length == at + Root.Length || path[at + Root.Length] != '/')
            {
                continue;
            }
            var name = path[(at + Root.Length + 1)..];
            if (name.Length == 0)
            {
                // "/v1/skills/" lists or creates; any other method needs a name.
                if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsPost(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
                {
                    return "The skill name is empty";
                }
                continue;
            }
            if (!SkillKeys.IsValidName(name))
            {
                return NameRule + "; got a path that is not one";
            }
        }
        return null;
    }
}
