using System.Diagnostics;
using System.Runtime.CompilerServices;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Llm;
using Microsoft.Extensions.AI;

namespace HermesX.Grains.Agent.Strict;

/// <summary>
/// Holds each answer to the turn's <see cref="StrictSchemas"/>. An answer that breaks one counts as the
/// provider's failure: the model is asked once more, and a second miss is <see cref="LlmOutputMismatchException"/>.
/// A streamed answer is kept back until it is checked, so a discarded one never reaches the caller.
/// </summary>
/// <param name="discarded">Told of every discarded answer and its duration, so its tokens are charged and metered.</param>
public sealed class StrictSchemaChatClient(IChatClient inner, StrictSchemas schemas, ModelInfo model, Action<ChatResponse, TimeSpan> discarded)
    : DelegatingChatClient(inner)
{
    /// <summary>Model calls per step: the first and one retry.</summary>
    public const int Attempts = 2;

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        for (var attempt = 1; ; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            var response = await base.GetResponseAsync(history, options, cancellationToken);
            if (Keeps(response, attempt, started))
            {
                return response;
            }
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var history = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        for (var attempt = 1; ; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            var updates = new List<ChatResponseUpdate>();
            await foreach (var update in base.GetStreamingResponseAsync(history, options, cancellationToken).WithCancellation(cancellationToken))
            {
                updates.Add(update);
            }
            if (Keeps(updates.ToChatResponse(), attempt, started))
            {
                foreach (var update in updates)
                {
                    yield return update;
                }
                yield break;
            }
        }
    }

    /// <summary>True when the answer keeps to the schemas, false to ask again; throws once the retry missed too.</summary>
    private bool Keeps(ChatResponse response, int attempt, long started)
    {
        if (schemas.Violation(response) is not { } problem)
        {
            return true;
        }
        discarded(response, Stopwatch.GetElapsedTime(started));
        return attempt < Attempts ? false : throw new LlmOutputMismatchException(model.Provider, model.Id, problem);
    }
}
