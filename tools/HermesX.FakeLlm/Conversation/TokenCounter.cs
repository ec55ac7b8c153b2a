namespace HermesX.FakeLlm.Conversation;

/// <summary>Deterministic token estimate: one token per four characters, rounded up, at least one.</summary>
public static class TokenCounter
{
    public static int Count(int chars) => Math.Max(1, (chars + 3) / 4);

    public static int Count(string? text) => Count(text?.Length ?? 0);
}
