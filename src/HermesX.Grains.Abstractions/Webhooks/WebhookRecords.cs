namespace HermesX.Grains.Abstractions.Webhooks;

/// <summary>A tenant's webhook endpoint as listed: never its secret.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.WebhookEndpoint")]
public sealed record WebhookEndpoint(
    [property: Id(0)] string Id, [property: Id(1)] string Url, [property: Id(2)] IReadOnlyList<string> Events, [property: Id(3)] DateTimeOffset CreatedAt);

/// <summary>
/// The answer to registering an endpoint: the endpoint and its signing secret (the only time it is shown),
/// or why the URL was refused (nothing stored).
/// </summary>
[GenerateSerializer, Immutable, Alias("hermesx.WebhookRegistration")]
public sealed record WebhookRegistration(
    [property: Id(0)] WebhookEndpoint? Endpoint, [property: Id(1)] string? Secret, [property: Id(2)] string? Refusal);

/// <summary>What became of one event sent to one endpoint; <see cref="Id"/> is the webhook-id every attempt carries.</summary>
public sealed record WebhookDeliveryRecord(
    string Id, string EndpointId, string EventType, string State, int Attempts, int? LastStatus, string? LastError,
    DateTimeOffset? NextAttemptAt, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt);

/// <summary>The states of a delivery.</summary>
public static class WebhookDeliveryStates
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Dead = "dead";
}

/// <summary>Reads of a tenant's webhook endpoints and deliveries, for listings.</summary>
public interface IWebhookQueries
{
    Task<List<WebhookEndpoint>> ListAsync(string tenantId, CancellationToken ct = default);

    /// <summary>The endpoint's most recent deliveries, newest first; null when the tenant has no such endpoint.</summary>
    Task<List<WebhookDeliveryRecord>?> DeliveriesAsync(string tenantId, string endpointId, int limit, CancellationToken ct = default);
}

/// <summary>The one writer of a tenant's webhook endpoints (key: tenant id).</summary>
[Alias("hermesx.ITenantWebhooksGrain")]
public interface ITenantWebhooksGrain : IGrainWithStringKey
{
    /// <summary>Registers an endpoint after checking its URL (scheme, and every address its host resolves to).</summary>
    [Alias("Create")]
    Task<WebhookRegistration> CreateAsync(string url, IReadOnlyList<string> events);

    /// <summary>Removes the endpoint and its deliveries; false when the tenant has no such endpoint.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(string endpointId);
}
