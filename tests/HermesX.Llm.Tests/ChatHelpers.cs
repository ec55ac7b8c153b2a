using Microsoft.Extensions.AI;

namespace HermesX.Llm.Tests;

internal static class ChatHelpers
{
    public static readonly AIFunction Calculator = AIFunctionFactory.Create(
        (string expression) => "4", "calculator", "Evaluates an arithmetic expression");

    public static ChatOptions WithCalculator() => new() { Tools = [Calculator] };

    /// <summary>A conversation whose last message is the result of a calculator call.</summary>
    public static List<ChatMessage> CalculatorRoundTrip() =>
    [
        new(ChatRole.User, "What is 2+2?"),
        new(ChatRole.Assistant, [new FunctionCallContent("call_1", "calculator", new Dictionary<string, object?> { ["expression"] = "2+2" })]),
        new(ChatRole.Tool, [new FunctionResultContent("call_1", "4")]),
    ];

    public static async Task<(List<ChatResponseUpdate> Updates, ChatResponse Response)> StreamAsync(
        IChatClient client, IEnumerable<ChatMessage> messages, ChatOptions? options = null)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(messages, options))
        {
            updates.Add(update);
        }

        return (updates, updates.ToChatResponse());
    }

    public static FunctionCallContent SingleCall(ChatResponse response) =>
        Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
}
