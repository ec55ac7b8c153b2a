using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace HermesX.Grains.Abstractions.Configuration;

/// <summary>
/// Outbound calls to tenants' URLs (webhooks now, MCP tools later) and webhook delivery:
/// HERMES_OUTBOUND_ALLOW_PRIVATE, HERMES_WEBHOOK_TIMEOUT_SECONDS, HERMES_WEBHOOK_MAX_ATTEMPTS and
/// HERMES_WEBHOOK_RETRY_BASE_MS.
/// </summary>
public sealed record WebhookOptions
{
    /// <summary>
    /// Whether a tenant's URL may be plain http and reach loopback, private, link-local, CGNAT or metadata
    /// addresses. Off in any shared deployment: on, a tenant can make the service call its own network.
    /// </summary>
    [ConfigurationKeyName("HERMES_OUTBOUND_ALLOW_PRIVATE")]
    public bool AllowPrivate { get; init; }

    /// <summary>How long one delivery attempt may take, connection included.</summary>
    [ConfigurationKeyName("HERMES_WEBHOOK_TIMEOUT_SECONDS"), Range(1, 300)]
    public int TimeoutSeconds { get; init; } = 10;

    /// <summary>Attempts of one delivery before it is dead (the first included).</summary>
    [ConfigurationKeyName("HERMES_WEBHOOK_MAX_ATTEMPTS"), Range(1, 100)]
    public int MaxAttempts { get; init; } = 12;

    /// <summary>The wait after the first failed attempt; it doubles after each one, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    [ConfigurationKeyName("HERMES_WEBHOOK_RETRY_BASE_MS"), Range(10, 3_600_000)]
    public int RetryBaseMilliseconds { get; init; } = 5_000;

    /// <summary>The longest wait between two attempts.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromHours(1);

    /// <summary>How long delivered and dead deliveries stay listed before the maintenance run removes them.</summary>
    public static readonly TimeSpan DeliveryRetention = TimeSpan.FromDays(30);

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>
    /// How long a claimed attempt is its dispatcher's: past the attempt's timeout, so no other silo takes
    /// it while it may still be in flight, and short enough that a dead silo's attempt is soon retried.
    /// </summary>
    public TimeSpan Lease => Timeout + TimeSpan.FromSeconds(5);
}
