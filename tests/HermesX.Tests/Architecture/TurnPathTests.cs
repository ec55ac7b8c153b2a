using System.Reflection;
using HermesX.Frontend.Chat;
using HermesX.Frontend.Gate;
using HermesX.Grains.Agent;
using HermesX.Grains.Llm.OpenAi;
using HermesX.Grains.Sessions;
using HermesX.Grains.Store;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HermesX.Tests.Architecture;

/// <summary>
/// A non-streamed turn reads in a few files, each entered once: gate → endpoint → grain → agent loop
/// → model client → store (docs/turn.md walks it). Each hop below must call the next directly, so a
/// layer put between two of them fails here, and the list it would have to join is capped:
/// at most 15 files in 6 folders, and no file entered from two others.
/// </summary>
public sealed class TurnPathTests
{
    private static MethodInfo M(Type type, string name) => CallGraph.Method(type, name);

    /// <summary>Who calls whom on the turn, caller first (the hops the framework makes are checked from the host below).</summary>
    private static readonly (MethodInfo Caller, MethodInfo Callee)[] Hops =
    [
        // gate: the pipeline admits the request through the rate limits (authentication and the tenant gate are the framework's calls)
        (M(typeof(RequestPipeline), nameof(RequestPipeline.UseHermesPipeline)), M(typeof(RateLimitingMiddleware), nameof(RateLimitingMiddleware.RefusedAsync))),
        (M(typeof(RateLimitingMiddleware), nameof(RateLimitingMiddleware.RefusedAsync)), M(typeof(HermesRateLimiter), nameof(HermesRateLimiter.AcquireAsync))),
        (M(typeof(HermesRateLimiter), nameof(HermesRateLimiter.AcquireAsync)), M(typeof(RateLimitLeases), nameof(RateLimitLeases.AcquireAsync))),
        (M(typeof(RateLimitLeases), nameof(RateLimitLeases.AcquireAsync)), M(typeof(RedisGcraLimiter), nameof(RedisGcraLimiter.AcquireAsync))),
        // endpoint → grain (or, for a session minted for the request, the one-shot host beside it)
        (M(typeof(ChatApi), "CompleteAsync"), M(typeof(TurnRetry), nameof(TurnRetry.RunTurnAsync))),
        (M(typeof(TurnRetry), nameof(TurnRetry.RunTurnAsync)), M(typeof(SessionGrain), "RunTurnAsync")),
        (M(typeof(TurnRetry), nameof(TurnRetry.RunTurnAsync)), M(typeof(OneShotTurns), nameof(OneShotTurns.RunAsync))),
        (M(typeof(SessionGrain), "RunTurnAsync"), M(typeof(Session), nameof(Session.RunTurnAsync))),
        (M(typeof(OneShotTurns), nameof(OneShotTurns.RunAsync)), M(typeof(Session), nameof(Session.RunTurnAsync))),
        (M(typeof(Session), nameof(Session.RunTurnAsync)), M(typeof(Session), "ExecuteAsync")),
        (M(typeof(Session), "ExecuteAsync"), M(typeof(Session), "RunAsync")),
        // agent loop → model client
        (M(typeof(Session), "RunAsync"), M(typeof(AgentRunner), nameof(AgentRunner.RunAsync))),
        (M(typeof(AgentRunner), nameof(AgentRunner.RunAsync)), M(typeof(RoutedChatClient), nameof(RoutedChatClient.GetResponseAsync))),
        (M(typeof(RoutedChatClient), nameof(RoutedChatClient.GetResponseAsync)), M(typeof(ResilientChatClient), nameof(ResilientChatClient.GetResponseAsync))),
        (M(typeof(ResilientChatClient), nameof(ResilientChatClient.GetResponseAsync)), M(typeof(OpenAiChatClient), nameof(OpenAiChatClient.GetResponseAsync))),
        // store: the turn's one commit
        (M(typeof(Session), "RunAsync"), M(typeof(Session), "CommitAsync")),
        (M(typeof(Session), "CommitAsync"), M(typeof(GroupCommitter), nameof(GroupCommitter.CommitAsync))),
    ];

    /// <summary>Called by the framework: the API-key scheme's handler and the endpoint filter of the tenant gate.</summary>
    private static readonly MethodInfo[] FrameworkHops =
    [
        M(typeof(HermesAuthenticationHandler), "HandleAuthenticateAsync"),
        M(typeof(TenantGateFilter), nameof(TenantGateFilter.InvokeAsync)),
    ];

    private static IEnumerable<MethodInfo> AllHops() => FrameworkHops.Concat(Hops.SelectMany(h => new[] { h.Caller, h.Callee })).Distinct();

    public static TheoryData<string, string> HopNames()
    {
        var data = new TheoryData<string, string>();
        foreach (var (caller, callee) in Hops)
        {
            data.Add($"{caller.DeclaringType!.Name}.{caller.Name}", $"{callee.DeclaringType!.Name}.{callee.Name}");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(HopNames))]
    public void EachHopCallsTheNextDirectly(string caller, string callee)
    {
        var (from, to) = Hops.Single(h => $"{h.Caller.DeclaringType!.Name}.{h.Caller.Name}" == caller && $"{h.Callee.DeclaringType!.Name}.{h.Callee.Name}" == callee);
        Assert.True(CallGraph.Calls(from, to), $"{caller} no longer calls {callee}: a layer between them belongs on this list, under its cap");
    }

    [Fact]
    public void TheTurnReadsInAtMostFifteenFilesInSixFolders()
    {
        var files = AllHops().Select(CallGraph.SourceFile).Distinct().ToList();
        var folders = files.Select(f => f[..f.LastIndexOf('/')]).Distinct().ToList();
        Assert.True(files.Count <= 15, $"{files.Count} files: {string.Join(", ", files)}");
        Assert.True(folders.Count <= 6, $"{folders.Count} folders: {string.Join(", ", folders)}");
    }

    [Fact]
    public void NoFileOfTheTurnIsEnteredFromTwoOthers()
    {
        var entered = Hops
            .Select(h => (From: CallGraph.SourceFile(h.Caller), To: CallGraph.SourceFile(h.Callee)))
            .Where(e => e.From != e.To)
            .Distinct()
            .GroupBy(e => e.To)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key} from {string.Join(" and ", g.Select(e => e.From))}");
        Assert.Empty(entered);
    }

    [Fact]
    public async Task TheHostRunsTheseHopsForAChatCompletion()
    {
        await using var app = UnstartedHost.Build();
        var chat = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText == "/v1/chat/completions" && e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("POST") == true);
        Assert.Contains(chat.Metadata.OfType<MethodInfo>(), m => m == M(typeof(ChatApi), "CompleteAsync"));
        Assert.NotEmpty(chat.Metadata.GetOrderedMetadata<TenantGate>());

        var schemes = app.Services.GetRequiredService<IAuthenticationSchemeProvider>();
        var scheme = await schemes.GetDefaultAuthenticateSchemeAsync();
        Assert.Equal(typeof(HermesAuthenticationHandler), scheme?.HandlerType);
    }
}
