using System.ClientModel;
using System.Text;
using HermesX.IntegrationTests.Chat;
using OpenAI;
using OpenAI.Responses;

#pragma warning disable OPENAI001 // The Responses client is marked experimental by the SDK.

namespace HermesX.IntegrationTests.Responses;

/// <summary>The official OpenAI .NET client's Responses client, unmodified, against a running HermesX.</summary>
public sealed class OpenAiResponsesClientTests(ChatClusterFixture fixture) : IClassFixture<ChatClusterFixture>
{
    private ChatCluster Chat => fixture.Chat;

    private ResponsesClient Client(string key) =>
        new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(Chat.Cluster.First.BaseAddress, "/v1") })
            .GetResponsesClient();

    [Fact]
    public async Task PlainResponseIsParsedAndCanBeFetchedAndDeleted()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        var client = Client(key);
        var options = new CreateResponseOptions { Model = ChatCluster.Model, Instructions = "Be brief", InputItems = { ResponseItem.CreateUserMessageItem("hello there") } };
        ResponseResult response = await client.CreateResponseAsync(options);

        Assert.Equal("Fake reply to: hello there", response.GetOutputText());
        Assert.Equal(ResponseStatus.Completed, response.Status);
        Assert.StartsWith("resp_", response.Id);
        Assert.True(response.Usage.InputTokenCount > 0);
        Assert.Equal(response.Usage.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);

        ResponseResult fetched = await client.GetResponseAsync(response.Id);
        Assert.Equal(response.GetOutputText(), fetched.GetOutputText());
        ResponseDeletionResult deleted = await client.DeleteResponseAsync(response.Id);
        Assert.True(deleted.Deleted);
        var gone = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync(response.Id));
        Assert.Equal(404, gone.Status);
    }

    [Fact]
    public async Task StreamingResponseYieldsDeltasAndTheCompletedResponse()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        var text = new StringBuilder();
        ResponseResult? completed = null;
        var sequence = new List<int>();
        var options = new CreateResponseOptions { Model = ChatCluster.Model, StreamingEnabled = true, InputItems = { ResponseItem.CreateUserMessageItem("stream this please") } };
        await foreach (var update in await Client(key).CreateResponseStreamingAsync(options))
        {
            sequence.Add(update.SequenceNumber);
            if (update is StreamingResponseOutputTextDeltaUpdate delta)
            {
                text.Append(delta.Delta);
            }
            else if (update is StreamingResponseCompletedUpdate done)
            {
                completed = done.Response;
            }
        }
        Assert.Equal("Fake reply to: stream this please", text.ToString());
        Assert.NotNull(completed);
        Assert.Equal(text.ToString(), completed.GetOutputText());
        Assert.True(completed.Usage.TotalTokenCount > 0);
        Assert.Equal(Enumerable.Range(0, sequence.Count), sequence);
    }

    [Fact]
    public async Task FunctionToolRoundTripContinuesWithPreviousResponseId()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        var client = Client(key);
        var weather = ResponseTool.CreateFunctionTool("get_weather",
            BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""), strictModeEnabled: false,
            functionDescription: "Weather for a city");
        var first = (await client.CreateResponseAsync(new CreateResponseOptions
        {
            Model = ChatCluster.Model,
            Tools = { weather },
            InputItems = { ResponseItem.CreateUserMessageItem("""call:get_weather {"city":"Paris"}""") },
        })).Value;
        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(first.OutputItems));
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Contains("Paris", call.FunctionArguments.ToString());

        var second = (await client.CreateResponseAsync(new CreateResponseOptions
        {
            Model = ChatCluster.Model,
            PreviousResponseId = first.Id,
            Tools = { weather },
            InputItems = { ResponseItem.CreateFunctionCallOutputItem(call.CallId, "sunny, 21 C") },
        })).Value;
        Assert.Equal(first.Id, second.PreviousResponseId);
        Assert.Contains("sunny, 21 C", second.GetOutputText());
    }
}
