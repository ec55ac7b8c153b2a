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
        builder.ProducesErrors(StatusCodes.Status400BadRequest).AddEndpointFilter(async (ctx, next) =>
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
