using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HermesX.FakeLlm.Conversation;
using HermesX.FakeLlm.Scripting;
using Microsoft.AspNetCore.Http;

namespace HermesX.FakeLlm.Protocols;

/// <summary>
/// The path every provider request takes: record it, pick the reply, wait the configured latency, then
/// let the provider's protocol render the answer. <c>X-Fake-Llm-Ms</c> reports the time from arrival to
/// the first response byte, latency included, so a benchmark can subtract the fake's share.
/// </summary>
internal sealed class FakeRequestHandler(FakeLlmState state)
{
    public const string TimingHeader = "X-Fake-Llm-Ms";

    public async Task HandleAsync(HttpContext context, IFakeProtocol protocol)
    {
        var started = Stopwatch.GetTimestamp();
        context.Response.OnStarting(() =>
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            context.Response.Headers[TimingHeader] = elapsed.ToString("0.###", CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });

        var aborted = context.RequestAborted;
        string body;
        using (var reader = new StreamReader(context.Request.Body))
        {
            body = await reader.ReadToEndAsync(aborted);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.Length == 0 ? "{}" : body);
        }
        catch (JsonException)
        {
            Record(context, protocol, body, model: null, stream: false);
            await protocol.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Request body is not valid JSON");
            return;
        }

        using (document)
        {
            var exchange = protocol.Parse(document.RootElement, context);
            Record(context, protocol, body, exchange.Model, exchange.Stream);
            var reply = ReplyPlanner.Plan(exchange, state, protocol.ToolIdPrefix);
            var delay = LatencyFor(context) + reply.DelayMs;
            if (delay > 0)
            {
                await Task.Delay(delay, aborted);
            }

            if (reply.ErrorStatus is { } status)
            {
                await protocol.WriteErrorAsync(context, status, reply.ErrorMessage);
                return;
            }

            var id = state.NextSequence().ToString("D6", CultureInfo.InvariantCulture);
            if (exchange.Stream)
            {
                await protocol.WriteStreamAsync(context, exchange, reply, id);
            }
            else
            {
                await protocol.WriteResponseAsync(context, exchange, reply, id);
            }
        }
    }

    internal int LatencyFor(HttpContext context) =>
        context.Request.Query.TryGetValue("latency_ms", out var value)
        && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var perRequest)
            ? Math.Max(0, perRequest)
            : state.LatencyMs;

    internal void Record(HttpContext context, IFakeProtocol protocol, string body, string? model, bool stream)
    {
        var request = context.Request;
        var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        state.Record(new RecordedRequest(
            protocol.Name, request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "",
            model, stream, headers, body));
    }
}
