using System.Text;
using System.Text.Json;
using HermesX.Frontend.Chat;
using HermesX.Frontend.Messages;
using HermesX.Frontend.Wire;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Tests.Messages;

public sealed class MessagesRequestTests
{
    private static ParsedMessagesRequest Parse(string json) => MessagesRequestValidator.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void BlocksBecomeTheSessionMessagesChatCompletionsWouldHaveWritten()
    {
        var parsed = Parse("""
            {"model":"m","max_tokens":100,"system":[{"type":"text","text":"Be "},{"type":"text","text":"brief"}],
             "messages":[
               {"role":"user","content":"weather?"},
               {"role":"assistant","content":[{"type":"text","text":"Checking."},{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Rome"}}]},
               {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"sunny"}]},{"type":"text","text":"and tomorrow?"}]}
             ]}
            """);
        Assert.Equal(["system", "user", "assistant", "tool", "user"], parsed.Messages.Select(m => m.Role));
        Assert.Equal("Be brief", parsed.Messages[0].Content);
        var call = Assert.Single(parsed.Messages[2].ToolCalls!);
        Assert.Equal(new ToolCall("toolu_1", "get_weather", """{"city":"Rome"}"""), call);
        Assert.Equal("Checking.", parsed.Messages[2].Content);
        Assert.Equal(new SessionMessage("tool", "sunny", ToolCallId: "toolu_1"), parsed.Messages[3]);
        Assert.Equal("and tomorrow?", parsed.Messages[4].Content);
        Assert.Equal(100, parsed.MaxTokens);
        Assert.False(parsed.Stream);
    }

    [Theory]
    [InlineData("""{"type":"auto"}""", "auto")]
    [InlineData("""{"type":"any"}""", "required")]
    [InlineData("""{"type":"none"}""", "none")]
    [InlineData("""{"type":"tool","name":"t","disable_parallel_tool_use":false}""", "function:t")]
    public void ToolChoiceMapsOntoTheTurnsToolModes(string choice, string expected)
    {
        var parsed = Parse("""
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],
             "tools":[{"name":"t","description":"d","input_schema":{"type":"object","properties":{}}}],"tool_choice":
            """ + choice + "}");
        Assert.Equal(expected, parsed.ToolChoice);
        var tool = Assert.Single(parsed.Tools);
        Assert.Equal(new ClientTool("t", "d", """{"type":"object","properties":{}}"""), tool);
    }

    [Fact]
    public void FieldsThatAskForNothingAreAccepted()
    {
        var parsed = Parse("""
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"stop_sequences":[],"top_p":null,
             "metadata":{"user_id":null},"temperature":0.5,"stream":true,"system":"","tools":null}
            """);
        Assert.Equal(0.5, parsed.Temperature);
        Assert.True(parsed.Stream);
        Assert.Equal(["user"], parsed.Messages.Select(m => m.Role));
    }

    [Fact]
    public void SamplingStopsTheEndUserAndParallelToolUseBecomeTurnOptions()
    {
        var parsed = Parse("""
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"top_p":0.4,"stop_sequences":["END"],
             "metadata":{"user_id":"u-9"},"tools":[{"name":"t","input_schema":{"type":"object"}}],
             "tool_choice":{"type":"auto","disable_parallel_tool_use":true}}
            """);
        Assert.Equal(0.4, parsed.Options.TopP);
        Assert.Equal(["END"], parsed.Options.Stop!);
        Assert.Equal("u-9", parsed.Options.EndUser);
        Assert.False(parsed.Options.ParallelToolCalls);
    }

    [Theory]
    [InlineData("""{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x","name":"n"}]}""", "messages[0].name")]
    [InlineData("""{"model":"m","max_tokens":1,"messages":[{"role":"assistant","content":[{"type":"thinking","thinking":"hm"}]},{"role":"user","content":"x"}]}""", "messages[0].content[0]")]
    [InlineData("""{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"tools":[{"name":"t","input_schema":{},"cache_control":{"type":"ephemeral"}}]}""", "tools[0].cache_control")]
    [InlineData("""{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"top_k":40}""", "top_k")]
    [InlineData("""{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"metadata":{"tags":["a"]}}""", "metadata.tags")]
    [InlineData("""{"model":"m","max_tokens":1,"messages":[{"role":"user","content":[]}]}""", "messages[0].content")]
    [InlineData("""{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"service_tier":"auto"}""", "service_tier")]
    [InlineData("""{"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"text","text":"x","id":"t"}]}]}""", "messages[0].content[0].id")]
    [InlineData("""{"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"text","text":5}]}]}""", "messages[0].content[0].text")]
    [InlineData("""{"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"text","text":"a","x":1}]}]}]}""", "messages[0].content[0].content[0].x")]
    [InlineData("""{"model":"m","max_tokens":"1","messages":[{"role":"user","content":"x"}]}""", "max_tokens")]
    [InlineData("""{"model":"m","max_tokens":1,"messages":[{"role":"user","content":5}]}""", "messages[0].content")]
    [InlineData("""{"model":"m","max_tokens":1,"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"n","input":{"a":"\u0000"}}]}]}""", "messages[0].content[0].input.a")]
    public void WhatTheTurnCannotCarryIsRefusedByName(string json, string param)
    {
        var e = Assert.Throws<ChatRequestException>(() => Parse(json));
        Assert.Equal(param, e.Param);
        Assert.Contains(param, e.Message);
    }

    [Fact]
    public void TheMessageCarriesTextThenToolUseBlocksAndAnthropicsStopReason()
    {
        var wire = new MessagesWire("msg_1", "m");
        var message = wire.Message(new TurnResult("Let me check.", [new ToolCall("call_1", "get_weather", """{"city":"Rome"}""")], "tool_calls", new TokenUsage(12, 3), "m"));
        var json = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(message, MessagesJson.Default.AnthropicMessageResponse)).RootElement;
        Assert.Equal(["id", "type", "role", "model", "content", "stop_reason", "stop_sequence", "usage"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("stop_sequence").ValueKind);
        Assert.Equal("tool_use", json.GetProperty("stop_reason").GetString());
        Assert.Equal(["text", "tool_use"], json.GetProperty("content").EnumerateArray().Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("Rome", json.GetProperty("content")[1].GetProperty("input").GetProperty("city").GetString());
        Assert.Equal(12, json.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal("max_tokens", MessagesWire.StopReason("length"));
        Assert.Equal("end_turn", MessagesWire.StopReason("stop"));
    }
}
