using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Grains.Abstractions.Embeddings;

/// <summary>
/// Embeds texts with a catalog model and commits the call's usage row before answering. A stateless
/// worker under one fixed key (<see cref="Key"/>): each silo runs its own activations, so a call
/// never leaves the silo that took the request.
/// </summary>
[Alias("hermesx.IEmbeddingsGrain")]
public interface IEmbeddingsGrain : IGrainWithStringKey
{
    /// <summary>The one key every caller uses.</summary>
    public const string Key = "embeddings";

    /// <summary>The vectors of the request's inputs, in order, and the tokens billed; or why there are none.</summary>
    [Alias("Embed")]
    Task<EmbeddingOutcome> EmbedAsync(EmbeddingRequest request, CancellationToken ct = default);
}

/// <summary>
/// One embeddings call: who asks (tenant, user), the catalog model, the texts, the vector length
/// asked for (null: the model's own), the end user the caller names for the provider, and what the
/// calling key brings: its id (on the usage row), its model allow-list and its USD budgets.
/// </summary>
[GenerateSerializer, Immutable, Alias("hermesx.EmbeddingRequest")]
public sealed record EmbeddingRequest(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string Model,
    [property: Id(3)] IReadOnlyList<string> Inputs,
    [property: Id(4)] int? Dimensions = null,
    [property: Id(5)] string? EndUser = null)
{
    // Ids 6-9 held the calling key's id, allow-list and budgets one by one, before Key carried them together.

    /// <summary>The calling API key (null for other credentials): its allow-list, its budgets, its id on the usage row.</summary>
    [Id(10)] public Auth.KeyLimits? Key { get; init; }

    /// <summary>The end user the call is budgeted for and billed to (<see cref="Spend.SpendBudgets.EndUser"/>).</summary>
    public string EndUserId => Spend.SpendBudgets.EndUser(UserId, Key?.Id, EndUser);
}

/// <summary>The vectors, one per input in the request's order, the input tokens the provider counted, and the deployment that served.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.EmbeddingResult")]
public sealed record EmbeddingResult(
    [property: Id(0)] string Model,
    [property: Id(1)] IReadOnlyList<float[]> Vectors,
    [property: Id(2)] long InputTokens)
{
    /// <summary>The deployment that served (its endpoint host:port and upstream model), as <c>X-Hermes-Deployment</c> names it.</summary>
    [Id(3)] public string? Deployment { get; init; }
}

/// <summary>What an embeddings call answers: its result, or the error that stopped it (a domain outcome, mapped to HTTP by the frontend).</summary>
[GenerateSerializer, Immutable, Alias("hermesx.EmbeddingOutcome")]
public sealed record EmbeddingOutcome([property: Id(0)] EmbeddingResult? Result, [property: Id(1)] TurnError? Error = null)
{
    public static implicit operator EmbeddingOutcome(EmbeddingResult result) => new(result);

    public static implicit operator EmbeddingOutcome(TurnError error) => new(null, error);
}
