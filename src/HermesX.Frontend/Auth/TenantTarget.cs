using HermesX.Frontend.Errors;
using HermesX.Frontend.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HermesX.Frontend.Auth;

/// <summary>
/// The tenant a tenant-admin endpoint acts on: the caller's own, or for the platform admin the one
/// it names with <c>tenant_id</c>. A tenant admin naming another tenant gets 404 and learns nothing.
/// </summary>
public static class TenantTarget
{
    public static Task<Results<TResult, ApiErrorResult>> RunAsync<TResult>(Caller caller, string? requested, Func<string, Task<Results<TResult, ApiErrorResult>>> action)
        where TResult : IResult
    {
        if (caller.IsPlatformAdmin)
        {
            return string.IsNullOrEmpty(requested)
                ? Refused(ApiError.BadRequest("The platform admin must name the tenant with 'tenant_id'", "tenant_id"))
                : TenantIds.Refusal(requested) is { } refusal ? Refused(refusal)
                : action(requested);
        }
        if (!string.IsNullOrEmpty(requested) && requested != caller.TenantId)
        {
            return Refused(ApiError.NotFound($"No tenant '{requested}'"));
        }
        return action(caller.TenantId!);

        static Task<Results<TResult, ApiErrorResult>> Refused(ApiErrorResult error) => Task.FromResult<Results<TResult, ApiErrorResult>>(error);
    }
}
