using HermesX.Frontend.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans.Runtime;

namespace HermesX.Frontend.StaticConsole;

public sealed record ClusterSilo(string Name, string Address, string Status, DateTimeOffset StartedAt, int Activations, int SessionActivations);

public sealed record ClusterOverviewResponse(DateTimeOffset At, IReadOnlyList<ClusterSilo> Silos, int ActiveSessions);

/// <summary>
/// What the console's cluster page draws beside the serving silo's own metrics: the silos that
/// are up and the session grains active on each (Orleans' own management grain, cluster-wide).
/// </summary>
public static class ClusterOverviewApi
{
    /// <summary>The session grain's [GrainType]: its activations are the conversations in memory.</summary>
    private const string SessionGrainType = "session";

    public static void MapClusterOverview(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/admin/v1/cluster", async (IGrainFactory grains) =>
            {
                var management = grains.GetGrain<IManagementGrain>(0);
                var hosts = await management.GetDetailedHosts(onlyActive: true);
                var stats = await management.GetSimpleGrainStatistics();
                var silos = hosts.Select(h =>
                {
                    var mine = stats.Where(s => s.SiloAddress.Equals(h.SiloAddress)).ToList();
                    return new ClusterSilo(h.SiloName, h.SiloAddress.ToString(), h.Status.ToString(), new DateTimeOffset(h.StartTime, TimeSpan.Zero),
                        mine.Sum(s => s.ActivationCount),
                        mine.Where(IsSession).Sum(s => s.ActivationCount));
                }).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
                return TypedResults.Ok(new ClusterOverviewResponse(DateTimeOffset.UtcNow, silos, silos.Sum(s => s.SessionActivations)));
            })
            .RequirePolicy(AuthPolicies.PlatformAdmin, $"The cluster overview is for the platform admin ({PolicyRefusal.PlatformToken})")
            .WithTags("Cluster").WithName("GetClusterOverview").WithSummary("Silos that are up and the session grains active on each (platform admin)");

    private static bool IsSession(SimpleGrainStatistic s) =>
        s.GrainType.Equals(SessionGrainType, StringComparison.Ordinal) || s.GrainType.EndsWith("." + SessionGrainType, StringComparison.Ordinal) ||
        s.GrainType.Contains("SessionGrain", StringComparison.Ordinal);
}
