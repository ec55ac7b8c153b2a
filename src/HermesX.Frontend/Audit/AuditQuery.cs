using System.Globalization;
using HermesX.Frontend.Validation;
using HermesX.Grains.Abstractions.Audit;
using Microsoft.AspNetCore.Mvc;

namespace HermesX.Frontend.Audit;

/// <summary>
/// The filters of both audit listings, bound with <c>[AsParameters]</c> and checked by
/// <see cref="ValidationFilter.WithValidation{TBuilder}"/>. Bound as text so that a malformed value
/// gets a 400 naming its parameter, not the binder's own failure. Filters change what is listed,
/// never what is audited.
/// </summary>
public sealed record AuditQuery(
    [FromQuery(Name = "action")] string? Action,
    [FromQuery(Name = "status")] string? Status,
    [FromQuery(Name = "actor")] string? Actor,
    [FromQuery(Name = "from")] string? From,
    [FromQuery(Name = "to")] string? To,
    [FromQuery(Name = AuditQuery.ExcludeReadsName)] string? ExcludeReads) : IValidatable
{
    /// <summary>Leaves out reads that succeeded (GET and HEAD below 400), such as the console's polling.</summary>
    public const string ExcludeReadsName = "exclude_reads";

    /// <summary>
    /// What each parameter means, for /v1/openapi. Kept here rather than as [Description] on the
    /// parameters: the OpenAPI generator cannot read attributes of [AsParameters] members and fails.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>
    {
        ["action"] = "Only this action: the method and the route template, e.g. 'POST /v1/api-keys/'",
        ["status"] = "Only answers with this HTTP status code (100-599)",
        ["actor"] = "Only this caller: an API key's id, a JWT's sub, 'platform-admin' or 'anonymous'",
        ["from"] = "Only entries at or after this ISO-8601 date or time (UTC unless it names an offset)",
        ["to"] = "Only entries before this ISO-8601 date or time",
        [ExcludeReadsName] = "true leaves out reads that succeeded (GET and HEAD answered below 400), such as a console's polling; "
            + "writes and refused or failed requests stay. It filters the listing only: every request is audited",
    };

    public IEnumerable<(string Field, string Message)> Validate()
    {
        if (Given(Status) is { } s && !(int.TryParse(s, out var status) && status is >= 100 and <= 599))
        {
            yield return ("status", "'status' must be an HTTP status code");
        }
        foreach (var (name, value) in new[] { ("from", From), ("to", To) })
        {
            if (Given(value) is { } raw && !TryTime(raw, out _))
            {
                yield return (name, $"'{name}' must be an ISO-8601 date or time");
            }
        }
        if (Given(ExcludeReads) is { } e && !bool.TryParse(e, out _))
        {
            yield return (ExcludeReadsName, $"'{ExcludeReadsName}' must be true or false");
        }
    }

    /// <summary>The filter asked for; throws when the endpoint forgot <c>WithValidation()</c> and the query is invalid.</summary>
    public AuditFilter Filter => Validate().FirstOrDefault() is { Field: not null } problem
        ? throw new InvalidOperationException($"The audit query was not validated ({problem.Message}): the endpoint needs WithValidation()")
        : new AuditFilter(Given(Action), Given(Status) is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : null, Given(Actor),
            Time(From), Time(To), ExcludeReads: Given(ExcludeReads) is { } e && bool.Parse(e));

    private static string? Given(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static DateTimeOffset? Time(string? value) => Given(value) is { } raw && TryTime(raw, out var when) ? when : null;

    private static bool TryTime(string raw, out DateTimeOffset when) =>
        DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out when);
}
