using HermesX.FakeLlm.Scripting;
using HermesX.IntegrationTests.Chat;

namespace HermesX.IntegrationTests.Clients;

/// <summary>The openai Node SDK and LangChain JS, unmodified, using the Chat Completions fields HermesX forwards.</summary>
[Collection(ProviderChatCollection.Name)]
public sealed class ChatFieldsClientTests(ProviderChatFixture f)
{
    [Fact]
    public async Task TheOpenAISdkRetrievesModelsAndSendsJsonModeAndStop()
    {
        f.Chat.Llm.Enqueue(FakeReply.WithText("""{"ok":true}"""), FakeReply.WithText("stopped"));
        var before = f.Chat.Llm.Requests.Count;
        var run = await NodeScript.ClientAsync("chat-openai-fields.mjs", f.Chat.Cluster.First.BaseAddress, f.Key, ProviderChatFixture.OpenAIModel);
        var result = run.Result();

        Assert.Equal(ProviderChatFixture.OpenAIModel, result.GetProperty("modelId").GetString());
        Assert.Equal("model", result.GetProperty("modelObject").GetString());
        Assert.Equal(404, result.GetProperty("unknownStatus").GetInt32());
        Assert.True(result.GetProperty("json").GetProperty("ok").GetBoolean());
        Assert.Equal("stop", result.GetProperty("stoppedFinish").GetString());
        Assert.Equal(400, result.GetProperty("refusedStatus").GetInt32());
        Assert.Equal("n", result.GetProperty("refusedParam").GetString());

        // Two model calls: the refused n=2 request never reached the provider.
        var sent = f.Chat.Llm.Requests.Skip(before).Select(r => r.Json()!).ToList();
        Assert.Equal(2, sent.Count);
        Assert.Equal("json_object", (string)sent[0]["response_format"]!["type"]!);
        Assert.Equal(["END", "STOP"], sent[1]["stop"]!.AsArray().Select(s => (string)s!), StringComparer.Ordinal);
    }

    [Fact]
    public async Task LangChainInvokeWithStopReachesTheModel()
    {
        var before = f.Chat.Llm.Requests.Count;
        var run = await NodeScript.ClientAsync("chat-langchain-stop.mjs", f.Chat.Cluster.First.BaseAddress, f.Key, ProviderChatFixture.OpenAIModel);
        var result = run.Result();

        Assert.Equal("Fake reply to: stop at END please", result.GetProperty("content").GetString());
        var sent = Assert.Single(f.Chat.Llm.Requests.Skip(before)).Json()!;
        Assert.Equal(["END"], sent["stop"]!.AsArray().Select(s => (string)s!), StringComparer.Ordinal);
    }
}
