using HermesX.FakeLlm.Conversation;

namespace HermesX.Llm.Tests;

public sealed class ToolCallConventionTests
{
    [Fact]
    public void NameWithoutArgumentsGetsAnEmptyObject()
    {
        var call = Assert.Single(ToolCallConvention.Parse("what time is it? call:current_time"));

        Assert.Equal("current_time", call.Name);
        Assert.Equal("{}", call.ArgumentsJson);
    }

    [Fact]
    public void JsonObjectAfterTheNameBecomesTheArguments()
    {
        var call = Assert.Single(ToolCallConvention.Parse("""call:calculator {"expression":"(1+2)*3","nested":{"a":[1]}} thanks"""));

        Assert.Equal("calculator", call.Name);
        Assert.Equal("""{"expression":"(1+2)*3","nested":{"a":[1]}}""", call.ArgumentsJson);
    }

    [Fact]
    public void SeveralMarkersGiveSeveralCalls()
    {
        var calls = ToolCallConvention.Parse("""call:current_time and call:calculator {"expression":"2+2"}""");

        Assert.Equal(["current_time", "calculator"], calls.Select(c => c.Name));
    }

    [Fact]
    public void BrokenJsonFallsBackToNoArguments()
    {
        var call = Assert.Single(ToolCallConvention.Parse("call:calculator {not json"));

        Assert.Equal("{}", call.ArgumentsJson);
    }

    [Fact]
    public void TextWithoutAMarkerHasNoCalls() => Assert.Empty(ToolCallConvention.Parse("just chatting"));
}
