using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Tests.Llm;

public sealed class ModelAllowListTests
{
    [Theory]
    [InlineData("gpt-4o", "gpt-4o", true)]
    [InlineData("gpt-4o", "GPT-4O", true)]
    [InlineData("gpt-4o", "gpt-4o-mini", false)]
    [InlineData("gpt-4o*", "gpt-4o", true)]
    [InlineData("gpt-4o*", "gpt-4o-mini", true)]
    [InlineData("gpt-4o*", "gpt-4", false)]
    [InlineData("*-mini", "gpt-4o-mini", true)]
    [InlineData("*-mini", "gpt-4o-mini-2024", false)]
    [InlineData("claude-*-sonnet*", "claude-3-5-sonnet-latest", true)]
    [InlineData("claude-*-sonnet*", "claude-3-opus", false)]
    [InlineData("a*a*a", "aaa", true)]
    [InlineData("a*a*a", "aa", false)]
    [InlineData("*", "meta-llama/Llama-3.1-8B", true)]
    [InlineData("**", "", true)]
    public void StarMatchesAnyRunOfCharacters(string pattern, string model, bool matches) =>
        Assert.Equal(matches, ModelAllowList.Matches(pattern, model));

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("gpt-*", "gpt-4o", null)]
    [InlineData("claude-*", null, "this API key")]
    [InlineData("claude-*", "gpt-*", "this API key")]
    [InlineData(null, "claude-*", "this tenant")]
    [InlineData("gpt-*", "claude-*", "this tenant")]
    public void ARefusalNamesTheModelAndWhichListLeftItOut(string? keyList, string? tenantList, string? refusedBy)
    {
        var refusal = ModelAllowList.Refusal(keyList is null ? null : [keyList], tenantList is null ? null : [tenantList], "gpt-4o");
        if (refusedBy is null)
        {
            Assert.Null(refusal);
            return;
        }
        Assert.NotNull(refusal);
        Assert.Equal(HermesX.Grains.Abstractions.Sessions.TurnErrorKind.ModelNotAllowed, refusal.Kind);
        Assert.Equal("model", refusal.Param);
        Assert.Contains("'gpt-4o'", refusal.Message, StringComparison.Ordinal);
        Assert.Contains(refusedBy, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullAllowsEveryModelAndAListOnlyThoseItMatches()
    {
        Assert.True(ModelAllowList.Allows(null, "anything"));
        Assert.True(ModelAllowList.Allows(["x", "gpt-*"], "gpt-4o"));
        Assert.False(ModelAllowList.Allows(["x", "gpt-*"], "claude"));
    }

    [Theory]
    [InlineData("gpt-4o*", true)]
    [InlineData("gpt-*", true)]
    [InlineData("gpt-4o-mini", true)]
    [InlineData("*", false)]
    [InlineData("gpt*", false)]
    [InlineData("claude", false)]
    public void APatternIsCoveredOnlyWhenEveryModelItAdmitsIs(string pattern, bool covered) =>
        Assert.Equal(covered, ModelAllowList.Covers(["gpt-4o*", "gpt-*"], pattern));

    [Fact]
    public void ProblemsNameTheField()
    {
        Assert.Null(ModelAllowList.Problem("models", ["gpt-4o", "claude-*"]));
        Assert.Contains("'models'", ModelAllowList.Problem("models", []));
        Assert.Contains("'models'", ModelAllowList.Problem("models", [" x"]));
        Assert.Contains("'models'", ModelAllowList.Problem("models", ["a\u0001b"]));
        Assert.Contains("'models'", ModelAllowList.Problem("models", [new string('m', ModelAllowList.MaxEntryLength + 1)]));
        Assert.Contains("'models'", ModelAllowList.Problem("models", [.. Enumerable.Range(0, ModelAllowList.MaxEntries + 1).Select(i => $"m{i}")]));
    }
}
