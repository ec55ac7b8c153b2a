using System.Text.Json.Nodes;
using HermesX.IntegrationTests.Chat;

namespace HermesX.IntegrationTests.Clients;

/// <summary>
/// The OpenAI Agents SDK (tests/clients/agents-openai.mjs), unmodified and with its default strict function
/// tools, against the Responses API (its default) and Chat Completions.
/// </summary>
public sealed class AgentsSdkNodeClientTests(ChatClusterFixture fixture) : IClassFixture<ChatClusterFixture>
{
    [Theory]
    [InlineData("responses")]
    [InlineData("chat_completions")]
    public async Task AnAgentRunsAStrictFunctionToolAndContinuesItsConversation(string api)
    {
        var (_, key) = await fixture.Chat.TenantWithKeyAsync();
        var llm = fixture.Chat.Llm;
        var result = (await NodeScript.ClientAsync("agents-openai.mjs", fixture.Chat.Cluster.First.BaseAddress, key, ChatCluster.Model,
            new Dictionary<string, string> { ["HERMES_AGENTS_API"] = api })).Result();

        Assert.Equal(api, result.GetProperty("api").GetString());
        Assert.True(result.GetProperty("strict").GetBoolean());
        // The model asked for the tool, the script ran it, and the answer is built on its result.
        Assert.Equal(["Paris"], result.GetProperty("toolRuns").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains("tool_call_item", result.GetProperty("firstItems").EnumerateArray().Select(i => i.GetString()));
        Assert.Contains("sunny in Paris, 21 C", result.GetProperty("firstOutput").GetString());
        Assert.Equal("Fake reply to: and tomorrow?", result.GetProperty("secondOutput").GetString());
        Assert.Equal(1, result.GetProperty("secondToolRuns").GetInt32());
        if (api == "responses")
        {
            Assert.StartsWith("resp_", result.GetProperty("firstResponseId").GetString());
        }

        // strict: true reached the provider (the fake speaks OpenAI's wire) with the tool's schema.
        var asked = JsonNode.Parse(llm.Requests.Last(q => q.Body.Contains("call:get_weather", StringComparison.Ordinal)).Body)!;
        var function = asked["tools"]!.AsArray().Select(t => t!["function"]!).Single(t => (string?)t["name"] == "get_weather");
        Assert.True((bool?)function["strict"], function.ToJsonString());
        Assert.Equal("string", (string?)function["parameters"]!["properties"]!["city"]!["type"]);
        // The second run continued the first: the model saw the tool's result again.
        Assert.Contains("sunny in Paris, 21 C", llm.Requests.Last(q => q.Body.Contains("and tomorrow?", StringComparison.Ordinal)).Body);
    }
}
