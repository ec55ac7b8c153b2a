using System.Text.Json;
using HermesX.Frontend.Chat;
using HermesX.Frontend.Responses;
using HermesX.Frontend.Wire;

namespace HermesX.Tests.Chat;

/// <summary><c>strict</c> on function tools, as both OpenAI request parsers read it.</summary>
public sealed class StrictRequestFieldsTests
{
    [Fact]
    public void ChatCompletionsReadsStrictOnEachFunction()
    {
        var request = ChatRequestBody.Parse("""
            {"messages":[{"role":"user","content":"hi"}],"tools":[
              {"type":"function","function":{"name":"a","parameters":{"type":"object"},"strict":true}},
              {"type":"function","function":{"name":"b","strict":false}},
              {"type":"function","function":{"name":"c","strict":null}}]}
            """u8);

        Assert.Equal([true, false, false], request.Tools.Select(t => t.Strict));
    }

    [Fact]
    public void ChatCompletionsRefusesAStrictThatIsNoBoolean()
    {
        var e = Assert.Throws<ChatRequestException>(() => ChatRequestBody.Parse("""
            {"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"a","strict":"yes"}}]}
            """u8));

        Assert.Equal("'tools[0].function.strict' must be a boolean", e.Message);
        Assert.Equal("tools[0].function.strict", e.Param);
    }

    [Fact]
    public void ResponsesTakesStrictToolsAndEchoesTheFlag()
    {
        var request = ResponsesRequestValidator.Parse("""
            {"input":"hi","tools":[
              {"type":"function","name":"a","parameters":{"type":"object"},"strict":true},
              {"type":"function","name":"b"}]}
            """u8);

        Assert.Equal([true, false], request.Tools.Select(t => t.Strict));
        Assert.Equal([true, false], request.Echo.Tools.EnumerateArray().Select(t => t.GetProperty("strict").GetBoolean()));
    }

    [Fact]
    public void ResponsesStillRefusesAJsonSchemaTextFormatByName()
    {
        var e = Assert.Throws<ChatRequestException>(() => ResponsesRequestValidator.Parse("""
            {"input":"hi","text":{"format":{"type":"json_schema","name":"a","schema":{"type":"object"},"strict":true}}}
            """u8));

        Assert.Equal("text", e.Param);
    }
}
