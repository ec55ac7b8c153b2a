using System.Diagnostics;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Llm;
using Microsoft.Extensions.AI;

namespace HermesX.Llm.Tests;

/// <summary>Model calls make GenAI spans when traces leave the process (OTLP), and cost nothing for them otherwise.</summary>
public sealed class LlmTracingTests : FakeServerTest
{
    [Fact]
    public async Task ModelCallsMakeGenAiSpansOnlyWhenTracesAreExported()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == LlmTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) { spans.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);

        using (var plain = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.OpenAI)))
        {
            var client = plain.Factory.GetClient().ChatClient;
            Assert.Null(client.GetService<OpenTelemetryChatClient>());
            await client.GetResponseAsync("Hi");
        }
        lock (spans)
        {
            Assert.Empty(spans);
        }

        var exported = new HermesOptions { OtlpEndpointSetting = "http://127.0.0.1:4317" };
        using (var traced = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.OpenAI), hermes: exported))
        {
            var client = traced.Factory.GetClient().ChatClient;
            Assert.NotNull(client.GetService<OpenTelemetryChatClient>());
            await client.GetResponseAsync("Hi");
        }
        lock (spans)
        {
            var span = Assert.Single(spans);
            Assert.StartsWith("chat", span.DisplayName, StringComparison.Ordinal);
        }
    }
}
