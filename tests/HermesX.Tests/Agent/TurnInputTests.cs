using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Sessions;

namespace HermesX.Tests.Agent;

public sealed class TurnInputTests
{
    private static SessionMessage User(string text) => new("user", text);
    private static SessionMessage Assistant(string text, params ToolCall[] calls) => new("assistant", text, calls.Length > 0 ? calls : null);
    private static SessionMessage Tool(string id, string output) => new("tool", output, ToolCallId: id);

    [Fact]
    public void NewSessionTakesTheWholeConversationAndSplitsOffSystemMessages()
    {
        var (system, incoming) = TurnInput.Split([], [new("system", "be brief"), User("hi"), Assistant("hello"), User("again")]);
        Assert.Equal(["be brief"], system);
        Assert.Equal(3, incoming.Count);
    }

    [Fact]
    public void ExistingSessionTakesOnlyWhatFollowsTheLastAssistantMessage()
    {
        SessionMessage[] history = [User("hi"), Assistant("hello")];
        var (_, incoming) = TurnInput.Split(history, [User("hi"), Assistant("hello"), User("next")]);
        Assert.Equal([User("next")], incoming);
        var (_, only) = TurnInput.Split(history, [User("just this")]);
        Assert.Equal([User("just this")], only);
    }

    [Fact]
    public void ToolResultsMustAnswerThePendingCallsExactly()
    {
        SessionMessage[] history = [User("weather?"), Assistant("", new ToolCall("call_1", "get_weather", "{}"))];
        var (_, incoming) = TurnInput.Split(history, [Tool("call_1", "sunny")]);
        Assert.Single(incoming);

        Assert.Equal(TurnErrorKind.InvalidMessages, Assert.Throws<TurnErrorException>(() => TurnInput.Split(history, [Tool("call_9", "x")])).Error.Kind);
        Assert.Equal(TurnErrorKind.InvalidMessages, Assert.Throws<TurnErrorException>(() => TurnInput.Split(history, [User("ignore the tool")])).Error.Kind);
    }

    [Fact]
    public void ANewSessionsToolResultsAnswerTheCallsOfItsOwnLastAssistantMessage()
    {
        var call = new ToolCall("call_1", "get_weather", "{}");
        var (_, incoming) = TurnInput.Split([], [User("weather?"), Assistant("", call), Tool("call_1", "sunny")]);
        Assert.Equal(3, incoming.Count);

        Assert.Throws<TurnErrorException>(() => TurnInput.Split([], [User("weather?"), Assistant("", call), Tool("call_2", "rain")]));
        // An older assistant's calls are not pending once a later assistant message answered.
        Assert.Throws<TurnErrorException>(() => TurnInput.Split([], [User("a"), Assistant("", call), Tool("call_1", "x"), Assistant("done"), Tool("call_1", "again")]));
    }

    [Fact]
    public void ConversationMustEndWithUserOrToolMessage()
    {
        var e = Assert.Throws<TurnErrorException>(() => TurnInput.Split([], [User("hi"), Assistant("x")]));
        Assert.Equal(TurnErrorKind.InvalidMessages, e.Error.Kind);
        Assert.Throws<TurnErrorException>(() => TurnInput.Split([], [new SessionMessage("system", "only instructions")]));
    }

    [Fact]
    public void ACallWaitingForApprovalNeedsNoResultAndTakesNoneFromTheCaller()
    {
        SessionMessage[] history = [User("add it"), Assistant("", new ToolCall("call_1", "todo", "{}"), new ToolCall("call_2", "get_weather", "{}"))];
        HashSet<string> gated = ["call_1"];

        // Deciding alone continues: the client tool's result is still owed.
        Assert.Throws<TurnErrorException>(() => TurnInput.Split(history, [], gated));
        var (_, incoming) = TurnInput.Split(history, [Tool("call_2", "sunny")], gated);
        Assert.Single(incoming);
        var (_, none) = TurnInput.Split([User("add it"), Assistant("", new ToolCall("call_1", "todo", "{}"))], [], gated);
        Assert.Empty(none);

        var forged = Assert.Throws<TurnErrorException>(() => TurnInput.Split(history, [Tool("call_1", "added"), Tool("call_2", "sunny")], gated));
        Assert.Contains("approval", forged.Error.Message);
    }
}
