using HermesX.Grains.Tools;

namespace HermesX.Tests.Agent;

public sealed class CalculatorToolTests
{
    [Theory]
    [InlineData("2+2", 4)]
    [InlineData("(2 + 3) * 4 / 5", 4)]
    [InlineData("2 ^ 3 ^ 2", 512)]
    [InlineData("-3 - -3", 0)]
    [InlineData("10 % 4", 2)]
    [InlineData("1.5 * 2", 3)]
    [InlineData("10 - 2 - 3", 5)]
    public void EvaluatesArithmetic(string expression, double expected) =>
        Assert.Equal(expected, CalculatorTool.Evaluate(expression), 10);

    [Theory]
    [InlineData("1/0")]
    [InlineData("2 +")]
    [InlineData("(1")]
    [InlineData("system('ls')")]
    [InlineData("1 2")]
    [InlineData("")]
    public void RejectsWhatIsNotArithmetic(string expression) =>
        Assert.Throws<ToolInputException>(() => CalculatorTool.Evaluate(expression));

    [Fact]
    public void RejectsDeepNesting() =>
        Assert.Throws<ToolInputException>(() => CalculatorTool.Evaluate(new string('(', 100) + "1" + new string(')', 100)));
}
