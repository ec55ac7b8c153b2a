namespace HermesX.Grains.Abstractions.Webhooks;

/// <summary>The event types a webhook endpoint can ask for: the names of the API and of the delivered body's <c>type</c>.</summary>
public static class WebhookEvents
{
    /// <summary>A response (background run) finished with an answer; <c>data</c> is the response object.</summary>
    public const string ResponseCompleted = "response.completed";

    /// <summary>A response (background run) failed; <c>data</c> is the response object with its error.</summary>
    public const string ResponseFailed = "response.failed";

    /// <summary>A response (background run) was cancelled; <c>data</c> is the response object.</summary>
    public const string ResponseCancelled = "response.cancelled";

    /// <summary>A response (background run) waits for a person's decision; <c>data</c> is the response object.</summary>
    public const string ResponseRequiresAction = "response.requires_action";

    /// <summary>A USD budget crossed 50, 80 or 100 percent (once per budget and period); <c>data</c> names the budget.</summary>
    public const string BudgetThresholdCrossed = "budget.threshold_crossed";

    public static readonly IReadOnlyList<string> All =
        [ResponseCompleted, ResponseFailed, ResponseCancelled, ResponseRequiresAction, BudgetThresholdCrossed];
}
