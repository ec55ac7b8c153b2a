using HermesX.Frontend.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HermesX.Frontend.Validation;

/// <summary>A request body that can say what is wrong with it: (field, message) pairs, empty when valid.</summary>
public interface IValidatable
{
    IEnumerable<(string Field, string Message)> Validate();
}

/// <summary>Rejects an invalid body with 400 before the handler runs, so nothing is written.</summary>
public static class ValidationFilter
{
    public static TBuilder WithValidation<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (ctx, next) =>
        {
            foreach (var arg in ctx.Arguments)
            {
                if (arg is IValidatable v && v.Validate().FirstOrDefault() is { Field: not null } problem)
                {
                    return ApiError.BadRequest(problem.Message, problem.Field);
                }
            }
            return await next(ctx);
        });
}

/// <summary>Shared checks used by request records.</summary>
public static class Check
{
    public static IEnumerable<(string, string)> Text(string field, string? value, int max, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                yield return (field, $"'{field}' is required");
            }
            yield break;
        }
        if (string.IsNullOrWhiteSpace(value))
        {
            yield return (field, $"'{field}' must not be empty");
        }
        else if (value.Length > max)
        {
            yield return (field, $"'{field}' must be at most {max} characters");
        }
    }

    public static IEnumerable<(string, string)> Range(string field, int? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
        {
            yield return (field, $"'{field}' must be between {min} and {max}");
        }
    }

    public static IEnumerable<(string, string)> OneOf(string field, IEnumerable<string>? values, IReadOnlyList<string> allowed)
    {
        foreach (var v in values ?? [])
        {
            if (!allowed.Contains(v))
            {
                yield return (field, $"'{field}' contains '{v}'; allowed: {string.Join(", ", allowed)}");
                yield break;
            }
        }
    }
}

/// <summary>Paging query parameters shared by list endpoints.</summary>
public readonly record struct Paging(int Limit, int Offset)
{
    public static bool TryParse(HttpRequest request, out Paging paging, out IResult? error)
    {
        paging = new Paging(50, 0);
        error = null;
        var limit = 50;
        var offset = 0;
        if (request.Query.TryGetValue("limit", out var l) && (!int.TryParse(l, out limit) || limit < 1 || limit > 500))
        {
            error = ApiError.BadRequest("'limit' must be an integer between 1 and 500", "limit");
            return false;
        }
        if (request.Query.TryGetValue("offset", out var o) && (!int.TryParse(o, out offset) || offset < 0))
        {
            error = ApiError.BadRequest("'offset' must be a non-negative integer", "offset");
            return false;
        }
        paging = new Paging(limit, offset);
        return true;
    }
}
