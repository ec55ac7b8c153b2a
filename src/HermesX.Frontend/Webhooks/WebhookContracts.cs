using System.Text.Json.Serialization;
using HermesX.Frontend.Validation;
using HermesX.Grains.Abstractions.Webhooks;

namespace HermesX.Frontend.Webhooks;

/// <summary>Body of POST /v1/webhooks: the endpoint's URL and the event types it wants.</summary>
public sealed record CreateWebhookRequest(string? Url, string[]? Events, string? TenantId) : IValidatable
{
    public const int MaxUrlLength = 2048;

    public IEnumerable<(string Field, string Message)> Validate()
    {
        foreach (var p in Check.Text("url", Url, MaxUrlLength, required: true))
        {
            yield return p;
        }
        if (Events is null)
        {
            yield return ("events", $"'events' is required: one or more of {string.Join(", ", WebhookEvents.All)}");
        }
        else if (Events.Length == 0)
        {
            yield return ("events", $"'events' must not be empty: one or more of {string.Join(", ", WebhookEvents.All)}");
        }
        foreach (var p in Check.OneOf("events", Events, WebhookEvents.All))
        {
            yield return p;
        }
    }
}

/// <summary>An endpoint as listed: never its secret.</summary>
public sealed record WebhookResponse(string Id, string Url, IReadOnlyList<string> Events, DateTimeOffset CreatedAt)
{
    public static WebhookResponse From(WebhookEndpoint e) => new(e.Id, e.Url, e.Events, e.CreatedAt);
}

/// <summary>Answer to POST /v1/webhooks: the only time the signing secret is shown.</summary>
public sealed record CreatedWebhookResponse(string Id, string Url, IReadOnlyList<string> Events, string Secret, DateTimeOffset CreatedAt);

/// <summary>One delivery of an event to an endpoint; <c>id</c> is the <c>webhook-id</c> header every attempt of it carries.</summary>
public sealed record WebhookDeliveryResponse(
    string Id, string EndpointId, string EventType, string State, int Attempts,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? LastStatusCode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? LastError,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? DeliveredAt)
{
    public static WebhookDeliveryResponse From(WebhookDeliveryRecord d) =>
        new(d.Id, d.EndpointId, d.EventType, d.State, d.Attempts, d.LastStatus, d.LastError, d.NextAttemptAt, d.CreatedAt, d.DeliveredAt);
}

/// <summary>A list of the endpoint's recent deliveries, newest first.</summary>
public sealed record WebhookDeliveryList(string Object, IReadOnlyList<WebhookDeliveryResponse> Data);
