using HermesX.FakeLlm;

namespace HermesX.Llm.Tests;

/// <summary>Gives every test its own fake LLM server, so scripts and request logs never mix.</summary>
public abstract class FakeServerTest : IAsyncLifetime
{
    protected FakeLlmServer Server { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Server = await FakeLlmServer.StartAsync();

    public virtual async Task DisposeAsync() => await Server.DisposeAsync();
}
