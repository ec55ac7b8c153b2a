using HermesX.Grains.Abstractions;
using HermesX.Frontend.Auth;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Responses;

/// <summary>
/// Resolves item_reference inputs (clients such as the Vercel AI SDK send them instead of repeating
/// earlier output) to the stored response items they name, as the caller may see them.
/// </summary>
public static class ItemReferences
{
    public sealed class NotFoundException(string message, string param) : Exception(message)
    {
        public string Param { get; } = param;
    }

    public static async Task<List<InputItem>> ResolveAsync(IReadOnlyList<InputItem> items, Caller caller, IGrainFactory grains)
    {
        var resolved = new List<InputItem>(items.Count);
        var cache = new Dictionary<string, StoredResponse?>();
        foreach (var item in items)
        {
            if (item.Reference is not { } id)
            {
                resolved.Add(item);
                continue;
            }
            var notFound = new NotFoundException($"No item '{id}'", item.Param + ".id");
            var (responseId, callIndex) = ResponseId.ItemOf(id) ?? throw notFound;
            if (!cache.TryGetValue(responseId, out var stored))
            {
                stored = await grains.Reference<ISessionGrain>(SessionKey.For(caller.TenantId!, ResponseId.SessionOf(responseId)!))
                    .GetResponseAsync(responseId, caller.Subject, caller.IsTenantAdmin);
                cache[responseId] = stored;
            }
            var result = stored?.Result ?? throw notFound;
            resolved.Add(callIndex is { } i
                ? i < result.ToolCalls.Count ? new InputItem(item.Param, Call: result.ToolCalls[i]) : throw notFound
                : ResponsesWire.HasMessage(result) ? new InputItem(item.Param, new SessionMessage("assistant", result.Content)) : throw notFound);
        }
        return resolved;
    }
}
