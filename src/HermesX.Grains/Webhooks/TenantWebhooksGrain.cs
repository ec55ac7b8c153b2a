using HermesX.Grains.Abstractions.Webhooks;
using HermesX.Grains.Outbound;

namespace HermesX.Grains.Webhooks;

/// <summary>Writes one tenant's webhook endpoints (key: tenant id), checking each URL before it is stored.</summary>
[GrainType("tenant-webhooks")]
public sealed class TenantWebhooksGrain(WebhookStore store, OutboundGuard guard) : Grain, ITenantWebhooksGrain
{
    private string TenantId => this.GetPrimaryKeyString();

    async Task<WebhookRegistration> ITenantWebhooksGrain.CreateAsync(string url, IReadOnlyList<string> events)
    {
        if (await guard.RefusalAsync("url", url) is { } refusal)
        {
            return new WebhookRegistration(null, null, refusal);
        }
        var secret = WebhookStore.NewSecret();
        return new WebhookRegistration(await store.CreateAsync(TenantId, url, events, secret), secret, null);
    }

    Task<bool> ITenantWebhooksGrain.DeleteAsync(string endpointId) => store.DeleteAsync(TenantId, endpointId);
}
