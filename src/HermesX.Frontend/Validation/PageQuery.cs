using Microsoft.AspNetCore.Mvc;

namespace HermesX.Frontend.Validation;

/// <summary>A page of a list: how many rows, after how many.</summary>
public readonly record struct Paging(int Limit, int Offset);

/// <summary>
/// The paging query of every list endpoint, bound with <c>[AsParameters]</c> and checked by
/// <see cref="ValidationFilter.WithValidation{TBuilder}"/>. Bound as text so that <c>?limit=abc</c>
/// gets the same 400 as <c>?limit=0</c>, not the binder's own failure.
/// </summary>
public sealed record PageQuery([FromQuery(Name = "limit")] string? Limit, [FromQuery(Name = "offset")] string? Offset) : IValidatable
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public IEnumerable<(string Field, string Message)> Validate()
    {
        if (Limit is not null && !(int.TryParse(Limit, out var limit) && limit is >= 1 and <= MaxLimit))
        {
            yield return ("limit", $"'limit' must be an integer between 1 and {MaxLimit}");
        }
        if (Offset is not null && !(int.TryParse(Offset, out var offset) && offset >= 0))
        {
            yield return ("offset", "'offset' must be a non-negative integer");
        }
    }

    /// <summary>The page asked for; throws when the endpoint forgot <c>WithValidation()</c> and the query is invalid.</summary>
    public Paging Page => Validate().FirstOrDefault() is { Field: not null } problem
        ? throw new InvalidOperationException($"Paging was not validated ({problem.Message}): the endpoint needs WithValidation()")
        : new Paging(Limit is null ? DefaultLimit : int.Parse(Limit), Offset is null ? 0 : int.Parse(Offset));
}
