using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using OpenAI;
using OpenAI.Chat;

namespace HermesX.IntegrationTests.Chat;

/// <summary>The official OpenAI .NET client, unmodified, against a running HermesX.</summary>
public sealed class OpenAiSdkTests(ChatClusterFixture fixture) : IClassFixture<ChatClusterFixture>
{
    private ChatCluster Chat => fixture.Chat;

    private ChatClient Client(string key, string? sessionId = null, string? idempotencyKey = null)
    {
        var options = new OpenAIClientOptions { Endpoint = new Uri(Chat.Cluster.First.BaseAddress, "/v1") };
        if (sessionId is not null)
        {
            options.AddPolicy(new HeaderPolicy("X-Hermes-Session-Id", sessionId), PipelinePosition.PerCall);
        }
        if (idempotencyKey is not null)
        {
            options.AddPolicy(new HeaderPolicy("Idempotency-Key", idempotencyKey), PipelinePosition.PerCall);
        }
        return new ChatClient(ChatCluster.Model, new ApiKeyCredential(key), options);
    }

    [Fact]
    public async Task PlainCompletionWorks()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        ClientResult<ChatCompletion> result = await Client(key).CompleteChatAsync([new UserChatMessage("hello there")]);
        var completion = result.Value;
        Assert.Equal("Fake reply to: hello there", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.True(completion.Usage.InputTokenCount > 0);
        Assert.True(completion.Usage.OutputTokenCount > 0);
        Assert.StartsWith("sess_", result.GetRawResponse().Headers.TryGetValue("X-Hermes-Session-Id", out var s) ? s : "");
    }

    [Fact]
    public async Task StreamingCompletionWorks()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        // The SDK asks for stream_options.include_usage by itself.
        var options = new ChatCompletionOptions();
        ChatTokenUsage? usage = null;
        await foreach (var update in Client(key).CompleteChatStreamingAsync([new UserChatMessage("stream this please")], options))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }
        Assert.Equal("Fake reply to: stream this please", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.True(usage.TotalTokenCount > 0);
    }

    [Fact]
    public async Task AResumableStreamWithItsEventIdsReadsAsAnyStreamAndItsResendAsTheSame()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        // A stream sent with an Idempotency-Key carries id: lines; the SDK reads it as any other, usage chunk included.
        var client = Client(key, idempotencyKey: "sdk-" + Guid.NewGuid().ToString("N"));
        var before = Chat.Llm.RequestCount;
        foreach (var _ in new[] { "first", "resent" })
        {
            var text = new StringBuilder();
            ChatFinishReason? finish = null;
            ChatTokenUsage? usage = null;
            await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("stream this resumably")]))
            {
                foreach (var part in update.ContentUpdate)
                {
                    text.Append(part.Text);
                }
                finish ??= update.FinishReason;
                usage ??= update.Usage;
            }
            Assert.Equal("Fake reply to: stream this resumably", text.ToString());
            Assert.Equal(ChatFinishReason.Stop, finish);
            Assert.True(usage?.TotalTokenCount > 0);
        }
        Assert.Equal(1, Chat.Llm.RequestCount - before);
    }

    [Fact]
    public async Task ClientToolsAreReturnedAndTheirResultsContinueTheTurn()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        var weather = ChatTool.CreateFunctionTool("get_weather", "Weather for a city",
            BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));
        var options = new ChatCompletionOptions { Tools = { weather } };
        List<ChatMessage> messages = [new UserChatMessage("""call:get_weather {"city":"Paris"}""")];

        var client = Client(key);
        ChatCompletion first = await client.CompleteChatAsync(messages, options);
        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        var call = Assert.Single(first.ToolCalls);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Contains("Paris", call.FunctionArguments.ToString());

        // The SDK's usual loop: resend the whole conversation with the tool's answer.
        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, "sunny, 21 C"));
        ChatCompletion second = await client.CompleteChatAsync(messages, options);
        Assert.Equal(ChatFinishReason.Stop, second.FinishReason);
        Assert.Contains("sunny, 21 C", second.Content[0].Text);
    }

    [Fact]
    public async Task SessionIdKeepsTheConversationOnTheServer()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        var session = "sess-sdk-" + Guid.NewGuid().ToString("N")[..8];
        var client = Client(key, session);
        await client.CompleteChatAsync([new UserChatMessage("my name is Ada")]);
        ChatCompletion second = await client.CompleteChatAsync([new UserChatMessage("what is my name?")]);
        Assert.Equal("Fake reply to: what is my name?", second.Content[0].Text);

        // The model saw the first exchange although the client sent only the new message.
        var last = Chat.Llm.Requests.Last(r => r.Body.Contains("what is my name?", StringComparison.Ordinal));
        Assert.Contains("my name is Ada", last.Body);
        Assert.Contains("Fake reply to: my name is Ada", last.Body);
    }

    private sealed class HeaderPolicy(string name, string value) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set(name, value);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set(name, value);
            await ProcessNextAsync(message, pipeline, currentIndex);
        }
    }
}
