using HermesX.Grains.Abstractions.Text;
using System.Diagnostics;
using System.Text.Json;
using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Diagnostics;
using HermesX.Grains.Abstractions.Diagnostics;
using HermesX.Grains.Abstractions.Tools;

namespace HermesX.Grains.Tools;

/// <summary>What a tool run produced, and whether it came from an earlier receipt.</summary>
public sealed record ToolOutcome(string Output, string Status, bool Replayed, Receipt Receipt);

/// <summary>
/// Runs a server tool call with a timeout and leaves a receipt. The model's tool-call id is the
/// idempotency id: a call whose id already has a receipt in the tenant returns the stored output.
/// A call runs a built-in tool or one of the tenant's tools the turn offered (<see cref="ToolRegistry.TenantToolsAsync"/>).
/// </summary>
public sealed class ToolRunner(ToolRegistry registry, ReceiptStore receipts, TimeProvider time)
{
    public const int MaxStoredChars = 8000;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task<ToolOutcome> RunAsync(ToolContext context, ToolCall call, IReadOnlyList<IServerTool> tenantTools, CancellationToken ct)
    {
        // Span names stay low-cardinality: a name the model made up is not a registered tool.
        using var span = HermesTracing.Source.StartActivity(registry.Find(call.Name) is null ? "execute_tool" : "execute_tool " + call.Name);
        span?.SetTag("gen_ai.tool.name", call.Name);
        span?.SetTag("gen_ai.tool.call.id", call.Id);
        span?.SetTag("hermes.tenant_id", context.TenantId);
        var outcome = await RunCoreAsync(context, call, tenantTools, ct);
        span?.SetTag("hermes.tool.status", outcome.Status);
        span?.SetTag("hermes.tool.replayed", outcome.Replayed);
        if (outcome.Status != "success")
        {
            span.Fail(outcome.Status);
        }
        return outcome;
    }

    private async Task<ToolOutcome> RunCoreAsync(ToolContext context, ToolCall call, IReadOnlyList<IServerTool> tenantTools, CancellationToken ct)
    {
        if (await receipts.FindByIdempotencyIdAsync(context.TenantId, call.Id, ct) is { } earlier)
        {
            return new ToolOutcome(earlier.Output, earlier.Status, true, earlier);
        }

        var started = time.GetTimestamp();
        string output, status;
        var tool = registry.Find(call.Name, tenantTools);
        if (tool is null)
        {
            (output, status) = ($"error: unknown tool '{call.Name}'", "error");
        }
        else
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(tool.Timeout);
            try
            {
                using var args = JsonDocument.Parse(string.IsNullOrWhiteSpace(call.ArgumentsJson) ? "{}" : call.ArgumentsJson);
                (output, status) = (await tool.RunAsync(context, args.RootElement, timeout.Token), "success");
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                (output, status) = ($"error: {call.Name} timed out after {tool.Timeout.TotalSeconds:0} s", "timeout");
            }
            catch (Exception e) when (e is ToolInputException or JsonException)
            {
                (output, status) = ($"error: {e.Message}", "error");
            }
        }
        var elapsed = time.GetElapsedTime(started);
        // A name the model made up is not a label value: the receipt keeps it.
        HermesMeter.ToolRan(tool?.MetricName ?? UnknownToolMetricName, status, context.TenantId, elapsed);

        var receipt = await receipts.InsertAsync(new Receipt(
            RandomIds.New("rcpt_"), context.TenantId, context.SessionId, context.UserId, call.Name, call.Id,
            Truncate(call.ArgumentsJson), Truncate(output), status, elapsed.TotalMilliseconds, context.TraceId ?? Activity.Current?.TraceId.ToString(),
            time.GetUtcNow()), CancellationToken.None);
        // Lost a race with a concurrent run of the same id: answer what was recorded first.
        return new ToolOutcome(receipt.Output, receipt.Status, receipt.Output != Truncate(output), receipt);
    }

    /// <summary>The <c>tool_name</c> label of a call to a tool that does not exist.</summary>
    public const string UnknownToolMetricName = "unknown";

    private static string Truncate(string s) => s.Length <= MaxStoredChars ? s : s[..MaxStoredChars] + "…[truncated]";
}
