using HermesX.Frontend.ApiKeys;
using HermesX.Frontend.Audit;
using HermesX.Frontend.Auth;
using HermesX.Frontend.Bootstrap;
using HermesX.Frontend.Chat;
using HermesX.Frontend.Embeddings;
using HermesX.Frontend.Responses;
using HermesX.Frontend.Receipts;
using HermesX.Frontend.Runs;
using HermesX.Frontend.Sessions;
using HermesX.Frontend.Skills;
using HermesX.Frontend.StaticConsole;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Gdpr;
using HermesX.Frontend.Health;
using HermesX.Frontend.Identity;
using HermesX.Frontend.Memories;
using HermesX.Frontend.Messages;
using HermesX.Frontend.Observability;
using HermesX.Frontend.Gate;
using HermesX.Frontend.Tenants;
using HermesX.Frontend.Usage;
using HermesX.Frontend.Webhooks;
using HermesX.Frontend.Mcp;
using HermesX.Frontend.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Abstractions.Diagnostics;
using HermesX.Grains.Abstractions.Audit;

namespace HermesX.Frontend.Hosting;

/// <summary>Registers and maps the HTTP surface; the silo host calls these two methods.</summary>
public static class FrontendExtensions
{
    public static IServiceCollection AddHermesFrontend(this IServiceCollection services, HermesOptions options)
    {
        services.Configure<JsonOptions>(o => HermesJson.Configure(o.SerializerOptions));
        // Binding failures (malformed JSON, wrong types, bad content type) throw, and ErrorHandling
        // turns them into the JSON error shape instead of an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddHermesAuth();
        services.AddHermesJwt(options);
        services.AddHermesRateLimiting();
        services.AddSingleton<TenantProvisioning>();
        services.AddHermesSkillsApi(options.ObjectStore);
        services.AddSingleton<SseTurnWriter>();
        services.AddSingleton<ResponsesStreamWriter>();
        services.AddSingleton<HermesX.Grains.Abstractions.Runs.IResponseObjects, RunResponseObjects>();
        services.AddOpenApi("v1", o => o.AddHermesTransformers());
        services.AddCors(cors => cors.AddDefaultPolicy(p =>
        {
            if (options.AllowedOrigins.Contains("*"))
            {
                p.AllowAnyOrigin();
            }
            else
            {
                p.WithOrigins([.. options.AllowedOrigins]);
            }
            p.AllowAnyHeader().AllowAnyMethod().WithExposedHeaders(RequestIds.Header, RequestTelemetry.TraceHeader, "X-Hermes-Session-Id", "Retry-After",
                "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset");
        }));
        return services;
    }

    public static WebApplication UseHermesFrontend(this WebApplication app, HermesOptions options)
    {
        PrometheusExport.Start();
        app.UseHermesPipeline(options);

        app.MapOpenApi("/v1/openapi").AllowAnonymous();
        if (options.MetricsEnabled)
        {
            app.MapHermesMetrics();
        }
        // One group with no prefix, so the errors the pipeline answers are documented on every endpoint of the API.
        var api = app.MapGroup("").WithPipelineErrors();
        api.MapHealth();
        api.MapBootstrap();
        api.MapTenants();
        api.MapApiKeys();
        api.MapWebhooks();
        api.MapMcpServers();
        api.MapMe();
        api.MapChat();
        api.MapEmbeddings();
        api.MapModels();
        api.MapMessages();
        api.MapResponses();
        api.MapRuns();
        api.MapSessions();
        api.MapMemories();
        api.MapReceipts();
        api.MapAudit();
        api.MapUsage();
        api.MapGdpr();
        api.MapSkills();
        api.MapClusterOverview();
        return app;
    }
}
