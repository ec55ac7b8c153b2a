using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Polly;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Llm;
using HermesX.Grains.Llm.Resilience;

namespace HermesX.Grains.Agent;

/// <summary>
/// How the agent loop calls a model, kept beside the loop: every call runs through the model's resilience pipeline and turns provider failures into
/// <see cref="LlmException"/>s. A streamed call is retried only until its first update arrives: once
/// output has reached the caller, replaying it would duplicate text.
/// </summary>
internal sealed class ResilientChatClient(IChatClient inner, ModelInfo model, ResiliencePipeline pipeline)
    : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Materialised once: a retry must send exactly what the first attempt sent.
        var history = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        try
        {
            return await pipeline.ExecuteAsync(
                static (state, ct) => new ValueTask<ChatResponse>(
                    state.Client.InnerClient.GetResponseAsync(state.History, state.Options, ct)),
                (Client: this, History: history, Options: options),
                cancellationToken);
        }
        catch (Exception e) when (Translate(e, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var history = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        FirstUpdate first;
        try
        {
            first = await pipeline.ExecuteAsync(
                static (state, ct) => state.Client.StartStreamAsync(state.History, state.Options, state.Caller, ct),
                (Client: this, History: history, Options: options, Caller: cancellationToken),
                cancellationToken);
        }
        catch (Exception e) when (Translate(e, cancellationToken) is { } translated)
        {
            throw translated;
        }

        await using var stream = first.Stream;
        if (!first.HasUpdate)
        {
            yield break;
        }

        yield return stream.Current;
        while (true)
        {
            bool more;
            try
            {
                more = await stream.MoveNextAsync();
            }
            catch (Exception e) when (Translate(e, cancellationToken) is { } translated)
            {
                throw translated;
            }

            if (!more)
            {
                yield break;
            }

            yield return stream.Current;
        }
    }

    /// <summary>
    /// Opens the stream and waits for its first update under the attempt's token (which carries the
    /// timeout); the stream itself runs on the caller's token so it outlives the attempt.
    /// </summary>
    private async ValueTask<FirstUpdate> StartStreamAsync(
        IReadOnlyList<ChatMessage> history, ChatOptions? options, CancellationToken caller, CancellationToken attempt)
    {
        var streamCancellation = CancellationTokenSource.CreateLinkedTokenSource(caller);
        var stream = new OwnedStream(
            InnerClient.GetStreamingResponseAsync(history, options, streamCancellation.Token).GetAsyncEnumerator(streamCancellation.Token),
            streamCancellation);
        try
        {
            bool hasUpdate;
            await using (attempt.Register(static s => ((CancellationTokenSource)s!).Cancel(), streamCancellation))
            {
                hasUpdate = await stream.MoveNextAsync();
            }

            attempt.ThrowIfCancellationRequested();
            return new FirstUpdate(stream, hasUpdate);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    private Exception? Translate(Exception exception, CancellationToken caller) => LlmErrorClassifier.Translate(exception, caller, model);

    private readonly record struct FirstUpdate(OwnedStream Stream, bool HasUpdate);

    /// <summary>An update stream that also owns the cancellation source it runs under.</summary>
    private sealed class OwnedStream(IAsyncEnumerator<ChatResponseUpdate> inner, CancellationTokenSource cancellation)
        : IAsyncDisposable
    {
        public ChatResponseUpdate Current => inner.Current;

        public ValueTask<bool> MoveNextAsync() => inner.MoveNextAsync();

        public async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            cancellation.Dispose();
        }
    }
}
