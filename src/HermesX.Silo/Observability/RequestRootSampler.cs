using System.Diagnostics;
using OpenTelemetry.Trace;

namespace HermesX.Silo.Observability;

/// <summary>
/// Starts traces only at incoming requests (server spans). Work that no request caused (membership
/// heartbeats between silos, reminder polls, batched audit writes) would otherwise export a stream of
/// one-span traces; used under <see cref="ParentBasedSampler"/>, so everything a request causes is kept.
/// </summary>
public sealed class RequestRootSampler : Sampler
{
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        new(samplingParameters.Kind == ActivityKind.Server ? SamplingDecision.RecordAndSample : SamplingDecision.Drop);
}
