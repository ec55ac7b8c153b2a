using System.Diagnostics;
using System.Runtime.CompilerServices;
using HermesX.Grains.Abstractions.Approvals;
using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Agent.Strict;
using HermesX.Grains.Diagnostics;
using HermesX.Grains.Llm;
using HermesX.Grains.Mcp;
using HermesX.Grains.Store;
using HermesX.Grains.Tools;
using Microsoft.Extensions.AI;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Abstractions.Diagnostics;
using HermesX.Grains.Abstractions.Llm;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace HermesX.Grains.Agent;

/// <summary>
/// Everything one turn needs; <see cref="Produced"/> collects the messages to persist, partial ones included;
/// <see cref="Strict"/> the strict schemas HermesX checks itself for this model's provider.
/// </summary>
public sealed record AgentTurn(
    string TenantId, string SessionId, string UserId, ModelInfo Model, IReadOnlyList<AiChatMessage> History,
    IReadOnlyList<string> SystemMessages, TurnRequest Request, List<SessionMessage> Produced, StrictSchemas? Strict = null)
{
    /// <summary>Tokens (input + output) of every model call so far, answered or not: what the turn is charged.</summary>
    public long TokensSpent { get; set; }

    /// <summary>One row per model call that used tokens: billed in the turn's own commit.</summary>
    public List<UsageRow> Usage { get; } = [];

    /// <summary>A USD budget (the tenant's, its end user's or the API key's) applies: each model call is reserved and settled (<see cref="CallBudget"/>).</summary>
    public bool Budgeted { get; init; }

    /// <summary>Set for a background run's turn: its steps are committed as they happen, and an earlier attempt's are resumed from.</summary>
    public Runs.RunLog? Run { get; init; }

    /// <summary>The tenant's server tools that run only with a person's approval (<c>tools_requiring_approval</c>); null: none.</summary>
    public IReadOnlyList<string>? ToolsRequiringApproval { get; init; }

    /// <summary>
    /// The turn can stop for approvals (a Responses turn, whose caller can answer them). Elsewhere a call needing approval
    /// is denied at once: nobody could approve it.
    /// </summary>
    public bool CanAwaitApproval { get; init; }

    /// <summary>Calls of the conversation's last answer whose approval was decided: they are answered (run or denied) before anything else.</summary>
    public IReadOnlyList<DecidedCall> Decided { get; init; } = [];
}

/// <summary>A tool call waiting for approval and the decision recorded for it (<see cref="Abstractions.Approvals.ApprovalStatus"/>).</summary>
public sealed record DecidedCall(ToolCall Call, string Status, string? Reason);

/// <summary>
/// The agent iteration loop: call the model, run the server-side tools it asks for, feed the results
/// back, until it answers, asks for a client tool, or reaches HERMES_MAX_ITERATIONS.
/// </summary>
public sealed class AgentRunner(
    ILlmClientFactory llm, ToolRegistry tools, ToolRunner toolRunner, SystemPromptBuilder prompts, HermesOptions options, CallBudget budget,
    McpRequestTools requestMcp)
{
    /// <summary>finish_reason when the iteration limit ends a turn; "length" keeps OpenAI clients parsing it.</summary>
    public const string IterationLimitFinish = "length";

    // The server tools are the same for every turn: declared once (and encoded once by the model clients that cache).
    private readonly AIFunctionDeclaration[] _serverTools = [.. tools.All.Select(t => AIFunctionFactory.CreateDeclaration(t.Name, t.Description, t.ParametersSchema))];

    public async IAsyncEnumerable<TurnEvent> RunAsync(AgentTurn turn, bool stream, [EnumeratorCancellation] CancellationToken ct)
    {
        var client = llm.GetClient(turn.Model.Id).ChatClient;
        if (turn.Strict is { } strict)
        {
            client = new StrictSchemaChatClient(client, strict, turn.Model, (discarded, elapsed) =>
                Observe(turn, discarded, ServedBy.From(discarded?.AdditionalProperties), elapsed, "schema_mismatch"));
        }
        var request = turn.Request;
        var clientToolNames = request.ClientTools.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        // The tenant's own tools (its MCP servers') are looked up once: the turn offers them and runs only those.
        var tenantTools = await tools.TenantToolsAsync(turn.TenantId, ct);
        // The request's own MCP servers, connected for this turn only (closed when it ends, however it ends).
        await using var requestServers = await requestMcp.OpenAsync(request.McpServers, ct);
        // Allocated only for a turn that has request servers: this runs on every turn.
        List<McpItem>? mcpItems = requestServers.Listings.Count > 0 ? [.. requestServers.Listings] : null;
        foreach (var listing in requestServers.Listings)
        {
            yield return new TurnEvent(TurnEventKinds.McpItem, Mcp: listing);
        }
        // A name both have (a tenant server labelled like the request's since the request was checked) stays the tenant's.
        IReadOnlyList<IServerTool> turnTools = requestServers.Tools.Count == 0 ? tenantTools
            : [.. tenantTools, .. requestServers.Tools.Where(t => !tenantTools.Any(x => x.Name == t.Name))];
        var chatOptions = new ChatOptions
        {
            ModelId = turn.Model.Id,
            MaxOutputTokens = MaxTokens(request, turn.Model),
            Temperature = (float?)request.Temperature,
            Tools = ToolDeclarations(request.ClientTools, clientToolNames, turn.Model.Provider, turnTools),
            ToolMode = ToolMode(request.ToolChoice),
        };
        TurnChatOptions.Apply(chatOptions, request.Options, turn.Model.Provider);
        var system = await prompts.BuildAsync(turn.TenantId, turn.SystemMessages, ct);
        var context = new ToolContext(turn.TenantId, turn.SessionId, turn.UserId, TraceIdOf(request.TraceParent));
        var usage = TokenUsage.Zero;
        var text = "";
        var served = new ServedBy();
        var (resume, resumedIterations, resumedUsage) = Resumption(turn);
        usage = usage.Add(resumedUsage);

        // Decided calls answer the previous answer's calls, so their results go ahead of the turn's new messages.
        var answerAt = turn.Produced.FindIndex(m => m.Role != "tool");
        answerAt = answerAt < 0 ? turn.Produced.Count : answerAt;
        foreach (var decided in turn.Decided.Where(d => !Answered(turn, d.Call)))
        {
            var call = decided.Call;
            if (decided.Status != ApprovalStatus.Approved)
            {
                turn.Produced.Insert(answerAt++, new SessionMessage("tool", Refused(call.Name, decided), ToolCallId: call.Id, Name: call.Name));
                continue;
            }
            yield return served.Stamp(new TurnEvent(TurnEventKinds.ToolStarted, ToolName: call.Name, ToolCallId: call.Id));
            var approved = await toolRunner.RunAsync(context, call, turnTools, ct);
            turn.Produced.Insert(answerAt++, new SessionMessage("tool", approved.Output, ToolCallId: call.Id, Name: call.Name));
            yield return new TurnEvent(TurnEventKinds.ToolFinished, ToolName: call.Name, ToolCallId: call.Id, Status: approved.Status);
            if (requestServers.Find(call.Name) is { } approvedMcp)
            {
                // A request server's approved call is shown as the mcp_call item it would have been unasked.
                var item = McpRequestSession.CallItem(approvedMcp, call, approved);
                (mcpItems ??= []).Add(item);
                yield return new TurnEvent(TurnEventKinds.McpItem, Mcp: item);
            }
        }

        for (var iteration = Math.Max(1, resumedIterations); ; iteration++)
        {
            IReadOnlyList<ToolCall> calls;
            if (resume is not null)
            {
                // An earlier attempt's last committed answer: its tools that have no committed result run (or answer from their receipts) first.
                text = resume.Content;
                calls = resume.ToolCalls ?? [];
                resume = null;
            }
            else
            {
                // The history is passed as the session's own list, not copied (clients may keep what they made of it).
                var conversation = new Conversation(SystemMessage(system), turn.History, [.. turn.Produced.Select(MessageMapping.ToAi)]);

                ChatResponse? response = null;
                List<ChatResponseUpdate>? updates = null;
                var used = TokenUsage.Zero;
                // Every iteration's call, streamed or not, whatever the endpoint: a refusal here ends the turn with its error.
                var reservation = await budget.ReserveAsync(turn, conversation, chatOptions);
                if (reservation is not null)
                {
                    // The routed client raises it before a fallback model whose worst case is higher.
                    (chatOptions.AdditionalProperties ??= [])[CallReservation.Property] = reservation;
                }
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                // One span per iteration around the model call; tool runs get their own spans (ToolRunner).
                var span = StartIterationSpan(turn, iteration);
                try
                {
                    if (stream)
                    {
                        updates = [];
                        var partial = new System.Text.StringBuilder();
                        await using var e = client.GetStreamingResponseAsync(conversation, chatOptions, ct).GetAsyncEnumerator(ct);
                        while (await NextAsync(e, turn, partial, ct))
                        {
                            updates.Add(e.Current);
                            served.Note(e.Current.AdditionalProperties);
                            if (e.Current.Text is { Length: > 0 } delta)
                            {
                                partial.Append(delta);
                                yield return served.Stamp(new TurnEvent(TurnEventKinds.Delta, Text: delta));
                            }
                        }
                        response = updates.ToChatResponse();
                    }
                    else
                    {
                        response = await client.GetResponseAsync(conversation, chatOptions, ct);
                        served.Note(response.AdditionalProperties);
                    }
                }
                finally
                {
                    (used, var cost) = Observe(turn, response, served, System.Diagnostics.Stopwatch.GetElapsedTime(started),
                        response is not null ? "success" : ct.IsCancellationRequested ? "cancelled" : "error");
                    if (reservation is not null)
                    {
                        await reservation.SettleAsync(cost);
                    }
                    if (response is null)
                    {
                        span.Fail(ct.IsCancellationRequested ? "cancelled" : "model call failed");
                    }
                    span?.Dispose();
                }

                usage = usage.Add(used);
                text = response.Text ?? "";
                calls = MessageMapping.ToolCalls(response);
                var answer = new SessionMessage("assistant", text, calls.Count > 0 ? calls : null);
                turn.Produced.Add(answer);

                if (calls.Count == 0)
                {
                    yield return Completed(text, [], FinishReason(response.FinishReason), usage, turn.Model.Id, served.Deployment, mcpItems,
                        ResponseExtras.From(response, updates));
                    yield break;
                }
                if (turn.Run is { } run)
                {
                    await run.StepAsync(turn, answer);
                }
            }

            // Client tools go back to the caller; server tools run here first so their results are in the history.
            var clientCalls = calls.Where(c => clientToolNames.Contains(c.Name)).ToList();
            List<ApprovalRequest>? pending = null;
            foreach (var call in calls.Where(c => !clientToolNames.Contains(c.Name)))
            {
                if (turn.Run is not null && Answered(turn, call))
                {
                    continue;
                }
                var tool = tools.Find(call.Name, turnTools);
                if (ToolApprovals.Needed(call.Name, tool, turn.ToolsRequiringApproval))
                {
                    if (turn.CanAwaitApproval)
                    {
                        // The call waits, unrun, for a decision: the turn stops once the calls that need none have run.
                        var (label, name) = ToolApprovals.Named(call.Name, tool);
                        (pending ??= []).Add(new ApprovalRequest(ToolApprovalLabels.NewId(), call.Id, label, name, call.ArgumentsJson,
                            DateTimeOffset.UtcNow.AddSeconds(options.ApprovalTimeoutSeconds)));
                        continue;
                    }
                    // Nobody can approve it here, so the call is denied: it never runs, and the model is told why.
                    var denied = new SessionMessage("tool", Denied(call.Name), ToolCallId: call.Id, Name: call.Name);
                    turn.Produced.Add(denied);
                    if (turn.Run is { } deniedIn)
                    {
                        await deniedIn.StepAsync(turn, denied);
                    }
                    continue;
                }
                yield return served.Stamp(new TurnEvent(TurnEventKinds.ToolStarted, ToolName: call.Name, ToolCallId: call.Id));
                var outcome = await toolRunner.RunAsync(context, call, turnTools, ct);
                var result = new SessionMessage("tool", outcome.Output, ToolCallId: call.Id, Name: call.Name);
                turn.Produced.Add(result);
                if (turn.Run is { } run)
                {
                    await run.StepAsync(turn, result);
                }
                yield return new TurnEvent(TurnEventKinds.ToolFinished, ToolName: call.Name, ToolCallId: call.Id, Status: outcome.Status);
                if (requestServers.Find(call.Name) is { } mcpTool)
                {
                    var item = McpRequestSession.CallItem(mcpTool, call, outcome);
                    (mcpItems ??= []).Add(item);
                    yield return new TurnEvent(TurnEventKinds.McpItem, Mcp: item);
                }
            }
            if (pending is not null)
            {
                yield return Completed(text, clientCalls, TurnResult.RequiresAction, usage, turn.Model.Id, served.Deployment, mcpItems, approvals: pending);
                yield break;
            }
            if (clientCalls.Count > 0)
            {
                yield return Completed(text, clientCalls, "tool_calls", usage, turn.Model.Id, served.Deployment, mcpItems);
                yield break;
            }
            if (iteration >= options.MaxIterations)
            {
                yield return Completed(text, [], IterationLimitFinish, usage, turn.Model.Id, served.Deployment, mcpItems);
                yield break;
            }
        }
    }

    /// <summary>
    /// Where a background run's turn resumes: the last answer its earlier attempt committed (null when none), how many model
    /// calls that attempt made, and their tokens.
    /// </summary>
    private static (SessionMessage? Last, int Iterations, TokenUsage Usage) Resumption(AgentTurn turn)
    {
        if (turn.Run is not { Resumed: > 0 } run)
        {
            return (null, 0, TokenUsage.Zero);
        }
        var steps = turn.Produced.Skip(turn.Produced.Count - run.Resumed).ToList();
        return (steps.LastOrDefault(m => m.Role == "assistant"), steps.Count(m => m.Role == "assistant"),
            new TokenUsage(turn.Usage.Sum(u => u.InputTokens), turn.Usage.Sum(u => u.OutputTokens)));
    }

    /// <summary>The tool result the model sees for a call of a tool needing approval that was not approved.</summary>
    public static string Denied(string tool) =>
        $"error: the call was denied: '{tool}' runs only with a person's approval, and none was given. The tool did not run.";

    /// <summary>The tool result the model sees for a call a person denied, or that nobody approved before its deadline.</summary>
    public static string Refused(string tool, DecidedCall decided) => decided.Status == ApprovalStatus.TimedOut
        ? $"error: the call was denied: nobody approved '{tool}' before its approval deadline. The tool did not run."
        : $"error: a person denied this call of '{tool}'{(decided.Reason is { Length: > 0 } reason ? $" (reason: {reason})" : "")}. The tool did not run.";

    /// <summary>Whether a committed step already holds the result of <paramref name="call"/>.</summary>
    private static bool Answered(AgentTurn turn, ToolCall call) => turn.Produced.Any(m => m.Role == "tool" && m.ToolCallId == call.Id);

    /// <summary>The trace id of a W3C traceparent (<c>00-{trace id}-{span id}-{flags}</c>), or the current activity's.</summary>
    // One system message per prompt text (most turns share it), so its wire form is encoded once:
    // clients only ever set a message's raw representation once, to the same bytes.
    private static readonly ConditionalWeakTable<string, AiChatMessage> s_systemMessages = [];

    private static AiChatMessage SystemMessage(string prompt) => s_systemMessages.GetValue(prompt, p => new AiChatMessage(ChatRole.System, p));

    private static string? TraceIdOf(string? traceParent) =>
        traceParent is { Length: 55 } && traceParent[2] == '-' ? traceParent.Substring(3, 32) : Activity.Current?.TraceId.ToString();

    private static Activity? StartIterationSpan(AgentTurn turn, int iteration)
    {
        var span = HermesTracing.Source.StartActivity("agent.iteration");
        span?.SetTag("hermes.agent.iteration", iteration);
        span?.SetTag("hermes.tenant_id", turn.TenantId);
        span?.SetTag("gen_ai.request.model", turn.Model.Id);
        span?.SetTag("gen_ai.provider.name", turn.Model.Provider);
        return span;
    }

    /// <param name="served">The deployment and catalog model that served this call: the routed client names them on the response or its updates.</param>
    /// <returns>The call's tokens and its cost at the serving model's prices, as billed.</returns>
    private (TokenUsage Used, decimal Cost) Observe(AgentTurn turn, ChatResponse? response, ServedBy served, TimeSpan elapsed, string status)
    {
        var usage = response is null ? TokenUsage.Zero : MessageMapping.Usage(response);
        var model = served.Model ?? turn.Model;
        var cost = model.CostOf(usage.InputTokens, usage.OutputTokens);
        turn.TokensSpent += usage.InputTokens + usage.OutputTokens;
        if (usage.InputTokens + usage.OutputTokens > 0)
        {
            turn.Usage.Add(new UsageRow(turn.SessionId, turn.Request.EndUserId, model.Id, model.Provider, usage.InputTokens, usage.OutputTokens,
                cost, turn.Request.Key?.Id, served.Deployment));
        }
        HermesMeter.ModelCalled(turn.Model.Provider, turn.Model.Id, status, turn.TenantId, elapsed, usage.InputTokens, usage.OutputTokens);
        return (usage, cost);
    }

    private static TurnEvent Completed(string text, IReadOnlyList<ToolCall> calls, string finish, TokenUsage usage, string model, string? deployment,
        List<McpItem>? mcpItems, ResponseExtras? extras = null, IReadOnlyList<ApprovalRequest>? approvals = null) =>
        new(TurnEventKinds.Completed, Deployment: deployment, Result: new TurnResult(text, calls, finish, usage, model, SystemFingerprint: extras?.SystemFingerprint,
            Refusal: extras?.Refusal, LogprobsJson: extras?.LogprobsJson, Deployment: deployment, McpItems: mcpItems is { Count: > 0 } ? [.. mcpItems] : null,
            Approvals: approvals));

    /// <summary>The OpenAI finish reason of an answer without tool calls; a stop sequence is "stop" as on OpenAI.</summary>
    private static string FinishReason(ChatFinishReason? reason) =>
        reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : "stop";

    private int MaxTokens(TurnRequest request, ModelInfo model)
    {
        var limit = options.MaxTokens;
        if (model.MaxOutputTokens is > 0 and var max)
        {
            limit = Math.Min(limit, max);
        }
        return request.MaxTokens is { } asked ? Math.Min(asked, limit) : limit;
    }

    private List<AITool> ToolDeclarations(IReadOnlyList<ClientTool> clientTools, HashSet<string> clientNames, string provider, IReadOnlyList<IServerTool> tenantTools)
    {
        var declared = new List<AITool>(_serverTools.Length + tenantTools.Count + clientTools.Count);
        // A client tool with a server tool's name wins: the caller asked for its own.
        declared.AddRange(clientNames.Count == 0 ? _serverTools : _serverTools.Where(d => !clientNames.Contains(d.Name)));
        if (tenantTools.Count > 0)
        {
            declared.AddRange(tenantTools.Where(t => !clientNames.Contains(t.Name)).Select(t => AIFunctionFactory.CreateDeclaration(t.Name, t.Description, t.ParametersSchema)));
        }
        declared.AddRange(clientTools.Select(t => new ClientToolDeclaration(t, provider)));
        return declared;
    }

    private static ChatToolMode? ToolMode(string? choice) => choice switch
    {
        null or "auto" => ChatToolMode.Auto,
        "none" => ChatToolMode.None,
        "required" => ChatToolMode.RequireAny,
        _ when choice.StartsWith("function:", StringComparison.Ordinal) => ChatToolMode.RequireSpecific(choice["function:".Length..]),
        _ => ChatToolMode.Auto,
    };

    /// <summary>Advances the model stream; on cancellation keeps the partial answer for persistence.</summary>
    private static async Task<bool> NextAsync(IAsyncEnumerator<ChatResponseUpdate> e, AgentTurn turn, System.Text.StringBuilder partial, CancellationToken ct)
    {
        try
        {
            return await e.MoveNextAsync();
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // However the provider layer surfaces the cancellation (plain, wrapped, or as a
            // transport error), the text streamed so far is kept.
            if (partial.Length > 0)
            {
                turn.Produced.Add(new SessionMessage("assistant", partial.ToString()));
            }
            throw;
        }
    }

    /// <summary>The deployment and catalog model whose model call answered last; the deployment is named once on the first event the turn yields.</summary>
    private sealed class ServedBy
    {
        private bool _announced;

        public string? Deployment { get; private set; }

        /// <summary>The model asked for or the fallback that served: the prices the call is billed at.</summary>
        public ModelInfo? Model { get; private set; }

        public static ServedBy From(AdditionalPropertiesDictionary? properties)
        {
            var served = new ServedBy();
            served.Note(properties);
            return served;
        }

        public void Note(AdditionalPropertiesDictionary? properties)
        {
            if (properties?.TryGetValue(LlmClient.DeploymentProperty, out var id) == true && id is string deployment)
            {
                Deployment = deployment;
            }
            if (properties?.TryGetValue(LlmClient.ModelProperty, out var served) == true && served is ModelInfo model)
            {
                Model = model;
            }
        }

        public TurnEvent Stamp(TurnEvent e)
        {
            if (_announced || Deployment is null)
            {
                return e;
            }

            _announced = true;
            return e with { Deployment = Deployment };
        }
    }
}
