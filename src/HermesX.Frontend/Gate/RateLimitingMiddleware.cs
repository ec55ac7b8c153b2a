using System.Globalization;
using HermesX.Frontend.Auth;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Health;
using HermesX.Frontend.Observability;
using HermesX.Grains.Abstractions.Caching;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Abstractions.Diagnostics;
using HermesX.Grains.Abstractions.Tenants;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace HermesX.Frontend.Gate;

/// <summary>
/// Dual-layer rate limiting on every authenticated tenant request: the tenant's <c>rate_limit_rpm</c>
/// and the caller's own budget (<c>HERMES_KEY_RATE_LIMIT_RPM</c>, per API key or JWT subject).
/// Anonymous endpoints (health, metrics, OpenAPI, bootstrap status) and the platform admin are not limited.
/// </summary>
public static class RateLimitingMiddleware
{
    public const string LimitHeader = "X-RateLimit-Limit";
    public const string RemainingHeader = "X-RateLimit-Remaining";

    /// <summary>Seconds until Remaining grows by one (on a 429: until one more request fits).</summary>
    public const string ResetHeader = "X-RateLimit-Reset";

    public static IServiceCollection AddHermesRateLimiting(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<RedisGcraLimiter>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RateLimitLeases>();
        services.AddSingleton<LocalGcraLimiter>();
        services.AddSingleton<HermesRateLimiter>();
        services.AddHealthChecks().AddReadinessCheck<RedisReadinessCheck>("redis", required: false);
        return services;
    }

    /// <summary>
    /// Spends one request of the caller's budgets and answers 429 when either is used up (true: the
    /// request was refused). Runs after authentication and authorization: refused credentials never
    /// spend a budget.
    /// </summary>
    public static async Task<bool> RefusedAsync(HttpContext http, HermesRateLimiter limiter, ISiloCache cache, HermesOptions settings)
    {
        {
            var caller = Caller.Of(http);
            if (!IsLimited(http) || caller.TenantId is not { } tenantId || caller.IsPlatformAdmin)
            {
                return false;
            }
            // This silo's copy: no grain call once warm, and a changed limit is pushed to every silo.
            var tenant = await cache.GetTenantAsync(tenantId);
            var tenantLimit = tenant?.RateLimitRpm ?? TenantPlans.DefaultRateLimitRpm(TenantPlans.Free);
            var decision = await limiter.AcquireAsync(
                new RateLimitRequest(tenantId, tenantLimit, caller.AuthMethod + ":" + caller.Subject, settings.KeyRateLimitRpm));
            if (decision.Limit > 0)
            {
                http.Response.Headers[LimitHeader] = decision.Limit.ToString(CultureInfo.InvariantCulture);
                http.Response.Headers[RemainingHeader] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
                http.Response.Headers[ResetHeader] = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture);
            }
            if (decision.Allowed)
            {
                return false;
            }
            HermesMeter.RateLimitRejected(tenantId);
            var retryAfter = Math.Max(1, decision.ResetSeconds);
            http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            var message = decision.Scope == RateLimitScope.Tenant
                ? $"Tenant rate limit exceeded ({decision.Limit} requests per minute for the tenant); retry after {retryAfter} s"
                : $"API key rate limit exceeded ({decision.Limit} requests per minute for this key or user); retry after {retryAfter} s";
            await ApiError.WriteAsync(http, StatusCodes.Status429TooManyRequests, message, "rate_limit_exceeded");
            return true;
        }
    }

    /// <summary>Only endpoints that demand credentials count; anonymous ones and unknown paths do not.</summary>
    private static bool IsLimited(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated != true || http.GetEndpoint() is not { } endpoint)
        {
            return false;
        }
        var metadata = endpoint.Metadata;
        return metadata.GetMetadata<IAllowAnonymous>() is null &&
               (metadata.GetMetadata<IAuthorizeData>() is not null || metadata.GetMetadata<AuthorizationPolicy>() is not null);
    }
}

/// <summary>
/// Distributed when Redis is usable (high limits from leases, <see cref="RateLimitLeases"/>), local
/// otherwise; switching back and forth needs nothing from anyone.
/// </summary>
public sealed class HermesRateLimiter(RedisConnection redis, RateLimitLeases distributed, LocalGcraLimiter local)
{
    public async ValueTask<RateLimitDecision> AcquireAsync(RateLimitRequest request)
    {
        if (request.TenantLimit <= 0 && request.KeyLimit <= 0)
        {
            return RateLimitDecision.Unlimited;
        }
        if (redis.Database is { } db)
        {
            try
            {
                var decision = await distributed.AcquireAsync(db, request);
                redis.ReportSuccess();
                return decision;
            }
            catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
            {
                redis.ReportFailure(e);
            }
        }
        return local.Acquire(request);
    }
}
