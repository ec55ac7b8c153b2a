using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace HermesX.Grains.Caching;

/// <summary>
/// Places a grain on the silo its key names (<see cref="SiloAddress.ToParsableString"/>): the one
/// way to reach a given silo with an ordinary grain call. A silo that has left the cluster cannot
/// host it, so a call for it fails instead of landing elsewhere.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("hermesx.SiloPlacement")]
public sealed class SiloPlacement : PlacementStrategy;

/// <summary>Marks a grain whose key is the address of the silo it must live on.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloPlacementAttribute() : PlacementAttribute(new SiloPlacement());

public sealed class SiloPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silo = SiloAddress.FromParsableString(target.GrainIdentity.Key.ToString());
        if (!context.GetCompatibleSilos(target).Contains(silo))
        {
            throw new OrleansException($"Silo {silo} is not in the cluster, so it has nothing to be told");
        }
        return Task.FromResult(silo);
    }
}
