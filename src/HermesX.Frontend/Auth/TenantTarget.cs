using HermesX.Frontend.Errors;
using HermesX.Frontend.Validation;
using Microsoft.AspNetCore.Http;

namespace HermesX.Frontend.Auth;

/// <summary>
/// The tenant a tenant-admin endpoint acts on: the caller's own, or for the platform admin the one
/// it names with <c>tenant_id</c>. A tenant admin naming another tenant gets 404 and learns nothing.
/// </summary>
public static class TenantTarget
{
    public static Task<IResult> RunAsync(HttpContext http, string? requested, Func<string, Task<IResult>> action)
    {
        var caller = Caller.From(http.User);
        if (caller.IsPlatformAdmin)
        {
            return string.IsNullOrEmpty(requested)
                ? Task.FromResult(ApiError.BadRequest("The platform admin must name the tenant with 'tenant_id'", "tenant_id"))
                : TenantIds.Refusal(requested) is { } refusal ? Task.FromResult(refusal)
                : action(requested);
        }
        if (!string.IsNullOrEmpty(requested) && requested != caller.TenantId)
        {
            return Task.FromResult(ApiError.NotFound($"No tenant '{requested}'"));
        }
        return action(caller.TenantId!);
    }
}
