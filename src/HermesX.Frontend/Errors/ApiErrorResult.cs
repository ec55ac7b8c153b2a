using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace HermesX.Frontend.Errors;

/// <summary>
/// An error answer of a handler, written as <see cref="ApiError.WriteAsync"/> writes it. As a member of
/// a handler's <c>Results&lt;…&gt;</c> it documents the error envelope for 400, the status any handler
/// that checks its input can give; endpoints add their other statuses with <see cref="ApiErrorDocs.ProducesErrors{TBuilder}"/>.
/// </summary>
public sealed class ApiErrorResult(int status, string message, string code, string? param)
    : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ApiErrorBody>
{
    public int StatusCode => status;

    int? IStatusCodeHttpResult.StatusCode => status;

    public string Message => message;

    public string Code => code;

    public string? Param => param;

    /// <summary>The body without its request id, which only the request being answered knows.</summary>
    public ApiErrorBody Value => new(new ApiErrorDetail(message, ApiError.TypeFor(status), code, param, null));

    object? IValueHttpResult.Value => Value;

    public Task ExecuteAsync(HttpContext httpContext) => ApiError.WriteAsync(httpContext, status, message, code, param);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        ApiErrorDocs.Add(builder, StatusCodes.Status400BadRequest);
}
