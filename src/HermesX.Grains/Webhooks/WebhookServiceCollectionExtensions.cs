using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Abstractions.Webhooks;
using HermesX.Grains.Outbound;
using Microsoft.Extensions.DependencyInjection;

namespace HermesX.Grains.Webhooks;

public static class WebhookServiceCollectionExtensions
{
    /// <summary>Registers the outbound URL guard, the webhook store and outbox, and this silo's dispatcher.</summary>
    public static IServiceCollection AddHermesWebhooks(this IServiceCollection services, WebhookOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(new OutboundGuard(options.AllowPrivate));
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<IWebhookQueries>(sp => sp.GetRequiredService<WebhookStore>());
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<WebhookQueue>();
        services.AddSingleton(sp => new WebhookSender(new HttpClient(sp.GetRequiredService<OutboundGuard>().CreateHandler(options.Timeout))
        {
            Timeout = options.Timeout,
        }));
        services.AddHostedService<WebhookDispatcher>();
        return services;
    }
}
