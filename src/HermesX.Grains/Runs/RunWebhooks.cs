using System.Text.Json;
using HermesX.Grains.Abstractions.Runs;
using HermesX.Grains.Abstractions.Webhooks;

namespace HermesX.Grains.Runs;

/// <summary>Which webhook event a run's end is, and its data.</summary>
public static class RunWebhooks
{
    public static string EventOf(string status) => status switch
    {
        RunStatus.Completed => WebhookEvents.ResponseCompleted,
        RunStatus.Cancelled => WebhookEvents.ResponseCancelled,
        RunStatus.RequiresAction => WebhookEvents.ResponseRequiresAction,
        _ => WebhookEvents.ResponseFailed,
    };

    /// <summary>The response object's identifying fields, for a host that does not serve the Responses API.</summary>
    public static JsonElement Minimal(RunSnapshot run) => JsonSerializer.SerializeToElement(new Dictionary<string, object?>
    {
        ["id"] = run.Id,
        ["object"] = "response",
        ["created_at"] = run.CreatedAt.ToUnixTimeSeconds(),
        ["status"] = run.Status,
        ["background"] = true,
        ["model"] = run.Model,
    });
}
