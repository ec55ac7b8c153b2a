namespace HermesX.Grains.Abstractions.Sessions;

/// <summary>
/// Runs the one turn of a session the frontend minted for a non-streamed request without a session
/// id (<see cref="TurnRequest.NewSessionId"/>), in this process and without a session grain: no one
/// else can name the session before its answer does. Every later request to the session goes to its
/// <see cref="ISessionGrain"/>, which reads it from Postgres.
/// </summary>
public interface IOneShotTurns
{
    Task<TurnOutcome> RunAsync(string tenantId, string sessionId, TurnRequest request, CancellationToken ct);
}
