using HermesX.Grains.Agent;

namespace HermesX.Tests.Agent;

public sealed class SystemPromptTests
{
    private sealed class Fixed(params string?[] parts) : ISystemPromptContributor
    {
        private int _next;

        public Task<string?> ContributeAsync(string tenantId, CancellationToken ct) => Task.FromResult(parts[_next++ % parts.Length]);
    }

    [Fact]
    public async Task WithoutContributionsOrSystemMessagesTheBaseIsThePrompt()
    {
        var builder = new SystemPromptBuilder([new Fixed((string?)null)]);

        Assert.Same(SystemPromptBuilder.Base, await builder.BuildAsync("t", [], default));
        Assert.Same(SystemPromptBuilder.Base, await builder.BuildAsync("t", [""], default));
    }

    [Fact]
    public async Task TheSameContributionGivesTheSamePromptEveryTurn()
    {
        var persona = "You speak like a pirate " + Guid.NewGuid();
        var builder = new SystemPromptBuilder([new Fixed(persona)]);

        var first = await builder.BuildAsync("t", [], default);
        var second = await builder.BuildAsync("t", [], default);

        Assert.Equal(SystemPromptBuilder.Base + "\n\n" + persona, first);
        Assert.Same(first, second);
    }

    [Fact]
    public async Task AChangedContributionAndTheTurnsOwnSystemMessagesAreInThePromptInOrder()
    {
        var builder = new SystemPromptBuilder([new Fixed("persona one", "persona two"), new Fixed((string?)null)]);

        Assert.Equal(SystemPromptBuilder.Base + "\n\npersona one", await builder.BuildAsync("t", [], default));
        Assert.Equal(SystemPromptBuilder.Base + "\n\npersona two\n\nbe brief\n\nanswer in French",
            await builder.BuildAsync("t", ["be brief", "", "answer in French"], default));
        Assert.Equal(SystemPromptBuilder.Base + "\n\npersona one\n\npersona two",
            await new SystemPromptBuilder([new Fixed("persona one"), new Fixed("persona two")]).BuildAsync("t", [], default));
        Assert.Equal(SystemPromptBuilder.Base + "\n\nonly mine", await new SystemPromptBuilder([]).BuildAsync("t", ["only mine"], default));
    }
}
