using System.Text;
using System.Text.Json;
using HermesX.Frontend.Chat;
using HermesX.Frontend.Responses;
using HermesX.Frontend.Wire;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Tests.Responses;

public sealed class ResponseIdTests
{
    [Theory]
    [InlineData("sess_abc")]
    [InlineData("my-session_with_underscores")]
    [InlineData("x")]
    public void ResponseAndItemIdsNameTheirSession(string session)
    {
        var id = ResponseId.New(session);
        Assert.Equal(session, ResponseId.SessionOf(id));
        Assert.Equal((id, (int?)null), ResponseId.ItemOf(ResponseId.MessageItem(id)));
        Assert.Equal((id, (int?)12), ResponseId.ItemOf(ResponseId.CallItem(id, 12)));
    }

    [Theory]
    [InlineData("resp_nope")]
    [InlineData("resp_0123456789abcdef0123456789abcdef")]
    [InlineData("resp_0123456789abcdef0123456789abcdef_")]
    [InlineData("resp_0123456789ABCDEF0123456789abcdef_s")]
    [InlineData("resp_0123456789abcdef0123456789abcdef_s/x")]
    [InlineData("chatcmpl_0123456789abcdef0123456789abcdef_s")]
    public void IdsHermesXNeverIssuedNameNoSession(string id) => Assert.Null(ResponseId.SessionOf(id));

    [Theory]
    [InlineData("msg_123")]
    [InlineData("fc_0123456789abcdef0123456789abcdef_x_s")]
    [InlineData("fc_0123456789abcdef0123456789abcdef_-1_s")]
    [InlineData("rs_0123456789abcdef0123456789abcdef_s")]
    public void ItemIdsHermesXNeverIssuedNameNoItem(string id) => Assert.Null(ResponseId.ItemOf(id));

    [Fact]
    public void FunctionCallItemsJoinTheAssistantMessageBeforeThem()
    {
        var parsed = ResponsesRequestValidator.Parse("""
            {"input":[
              {"role":"user","content":[{"type":"input_text","text":"weather?"}]},
              {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Let me look."}]},
              {"type":"function_call","call_id":"c1","name":"get_weather","arguments":"{}"},
              {"type":"function_call","call_id":"c2","name":"get_weather","arguments":"{\"city\":\"Rome\"}"},
              {"type":"function_call_output","call_id":"c1","output":"sunny"},
              {"type":"function_call_output","call_id":"c2","output":[{"type":"input_text","text":"rain"}]}
            ]}
            """u8);
        var messages = ResponsesInput.Messages(parsed.Input);
        Assert.Equal(["user", "assistant", "tool", "tool"], messages.Select(m => m.Role));
        Assert.Equal("Let me look.", messages[1].Content);
        Assert.Equal(["c1", "c2"], messages[1].ToolCalls!.Select(c => c.Id));
        Assert.Equal("rain", messages[3].Content);
        Assert.Equal("c2", messages[3].ToolCallId);
    }

    [Fact]
    public void InstructionsAndEchoedFieldsAreKeptApartFromTheInput()
    {
        var parsed = ResponsesRequestValidator.Parse("""{"input":"hi","instructions":"be brief","metadata":{"a":"b"},"store":false,"tool_choice":"none"}"""u8);
        Assert.Equal("be brief", parsed.Instructions);
        Assert.False(parsed.Store);
        Assert.Equal("none", parsed.ToolChoice);
        Assert.Equal("b", parsed.Echo.Metadata.GetProperty("a").GetString());
        Assert.Equal("user", Assert.Single(ResponsesInput.Messages(parsed.Input)).Role);
    }

    [Fact]
    public void OutputItemsEchoedBackAreTakenAsTheirContent()
    {
        var parsed = ResponsesRequestValidator.Parse("""
            {"input":[
              {"type":"message","role":"assistant","id":"msg_1","status":"completed","content":[{"type":"output_text","text":"a","annotations":[],"logprobs":[]}]},
              {"type":"function_call","id":"fc_1","status":"completed","call_id":"c","name":"f","arguments":"{}"},
              {"type":"function_call_output","call_id":"c","output":"x"}
            ]}
            """u8);
        var messages = ResponsesInput.Messages(parsed.Input);
        Assert.Equal(["assistant", "tool"], messages.Select(m => m.Role));
        Assert.Equal(("a", "c"), (messages[0].Content, messages[0].ToolCalls![0].Id));
    }

    [Theory]
    [InlineData("""{"input":[{"role":"user","content":[{"type":"input_image","image_url":"https://x/y.png"}]}]}""", "input[0].content[0].type")]
    [InlineData("""{"input":[{"type":"reasoning","summary":[]}]}""", "input[0].type")]
    [InlineData("""{"input":[{"content":"hi"}]}""", "input[0].type")]
    [InlineData("""{"input":[{"role":"user","content":"hi","extra":1}]}""", "input[0].extra")]
    [InlineData("""{"input":[{"type":"function_call_output","call_id":"c","output":[{"type":"input_text","text":5}]}]}""", "input[0].output[0].text")]
    [InlineData("""{"input":"hi","metadata":{"n":1}}""", "metadata.n")]
    [InlineData("""{"input":"hi","tools":[{"type":"function","name":"f","strict":"yes"}]}""", "tools[0].strict")]
    [InlineData("""{"input":"hi","tool_choice":{"type":"function","name":"f"}}""", "tool_choice")]
    [InlineData("""{"input":"hi","text":{"format":{"type":"json_object"}}}""", "text")]
    [InlineData("""{"input":5}""", "input")]
    public void ItemsAndFieldsAreRefusedByTheirPath(string json, string param) =>
        Assert.Equal(param, Assert.Throws<ChatRequestException>(() => ResponsesRequestValidator.Parse(Encoding.UTF8.GetBytes(json))).Param);

    [Fact]
    public void FieldsHermesXCannotHonourAreRefusedByName()
    {
        Assert.Equal("service_tier", Assert.Throws<ChatRequestException>(() => ResponsesRequestValidator.Parse("""{"input":"hi","service_tier":"flex"}"""u8)).Param);
    }
}
