using System.Text.Json.Nodes;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Llm;
using Microsoft.Extensions.AI;

namespace HermesX.Llm.Tests;

/// <summary>
/// A session's history passed as a <see cref="Conversation"/> reaches the provider exactly as a plain
/// list would, turn after turn, while the OpenAI client keeps it encoded between calls.
/// </summary>
public sealed class ConversationWireTests : FakeServerTest
{
    private static readonly ChatMessage System = new(ChatRole.System, "Be brief");

    private static List<string?> SentTexts(JsonNode body) =>
        [.. body["messages"]!.AsArray().Select(m => m!["content"] is JsonValue v ? (string?)v : (string?)m!["content"]![0]!["text"])];

    [Fact]
    public async Task AGrowingHistoryIsSentInFullAndInOrderEveryTurn()
    {
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.OpenAI));
        var client = host.Factory.GetClient().ChatClient;
        var history = new List<ChatMessage>();
        for (var turn = 0; turn < 4; turn++)
        {
            ChatMessage[] produced = [new(ChatRole.User, $"question {turn}")];
            await client.GetResponseAsync(new Conversation(System, history, produced));
            history.Add(produced[0]);
            history.Add(new ChatMessage(ChatRole.Assistant, $"answer {turn}"));
        }

        var last = Server.Requests[^1].Json()!;
        Assert.Equal(["Be brief", "question 0", "answer 0", "question 1", "answer 1", "question 2", "answer 2", "question 3"], SentTexts(last));
        Assert.Equal(SentTexts(Server.Requests[1].Json()!), ["Be brief", "question 0", "answer 0", "question 1"]);
    }

    [Fact]
    public async Task AHistoryClearedAndFilledAgainIsSentAsItIsNow()
    {
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.OpenAI));
        var client = host.Factory.GetClient().ChatClient;
        var history = new List<ChatMessage> { new(ChatRole.User, "old question"), new(ChatRole.Assistant, "old answer") };
        await client.GetResponseAsync(new Conversation(System, history, [new ChatMessage(ChatRole.User, "next")]));

        // Reloaded (as a session that was reset and read back does): new objects, even a longer list.
        history.Clear();
        history.AddRange([new(ChatRole.User, "new question"), new(ChatRole.Assistant, "new answer"), new(ChatRole.User, "more"), new(ChatRole.Assistant, "sure")]);
        await client.GetResponseAsync(new Conversation(System, history, [new ChatMessage(ChatRole.User, "next")]));
        // Shorter than before.
        history.RemoveRange(2, 2);
        await client.GetResponseAsync(new Conversation(System, history, [new ChatMessage(ChatRole.User, "again")]));

        Assert.Equal(["Be brief", "new question", "new answer", "more", "sure", "next"], SentTexts(Server.Requests[1].Json()!));
        Assert.Equal(["Be brief", "new question", "new answer", "again"], SentTexts(Server.Requests[2].Json()!));
    }

    [Fact]
    public void TheViewIsTheSystemPromptTheHistoryAndTheTurnInOrder()
    {
        ChatMessage[] history = [new(ChatRole.User, "a"), new(ChatRole.Assistant, "b")];
        ChatMessage[] produced = [new(ChatRole.User, "c")];
        var conversation = new Conversation(System, history, produced);

        Assert.Equal(4, conversation.Count);
        Assert.Equal([System, history[0], history[1], produced[0]], conversation.ToList());
        Assert.Same(produced[0], conversation[3]);
        Assert.Same(history[0], conversation[1]);
    }
}
