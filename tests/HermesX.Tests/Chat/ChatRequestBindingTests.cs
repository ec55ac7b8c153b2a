using System.Text;
using HermesX.Frontend.Chat;
using HermesX.Frontend.Wire;

namespace HermesX.Tests.Chat;

/// <summary>The Chat Completions body as its records bind it: every refusal names the field by its JSON path.</summary>
public sealed class ChatRequestBindingTests
{
    /// <summary>A whole body, or (not starting with '{') fields added to a body with one user message.</summary>
    private static ParsedChatRequest Parse(string json) => ChatRequestBody.Parse(Encoding.UTF8.GetBytes(
        json.TrimStart().StartsWith('{') ? json : """{"messages":[{"role":"user","content":"hi"}],""" + json + "}"));

    private static ChatRequestException Refused(string json) => Assert.Throws<ChatRequestException>(() => Parse(json));

    [Theory]
    [InlineData(""" "foo":1""", "foo")]
    [InlineData("""{"messages":[{"role":"user","content":"hi","bar":true}]}""", "messages[0].bar")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b","cache":1}]}]}""", "messages[0].content[1].cache")]
    [InlineData(""" "tool_choice":{"type":"function","function":{"name":"f","extra":1}}""", "tool_choice.function.extra")]
    [InlineData(""" "stream_options":{"include_obfuscation":true}""", "stream_options.include_obfuscation")]
    [InlineData(""" "x.y":null""", "x.y")]
    public void AnUndeclaredMemberIsRefusedByItsPath(string json, string param)
    {
        var e = Refused(json);
        Assert.Equal(param, e.Param);
        Assert.Equal($"Unknown field '{param}': HermesX refuses fields it would not honour", e.Message);
        Assert.Equal("invalid_request", e.Code);
    }

    [Theory]
    [InlineData(""" "temperature":"hot" """, "'temperature' must be a number")]
    [InlineData(""" "max_tokens":1000000000000000000000000000000""", "'max_tokens' must be an integer")]
    [InlineData(""" "max_tokens":1.5""", "'max_tokens' must be an integer")]
    [InlineData(""" "stream":"yes" """, "'stream' must be a boolean")]
    [InlineData(""" "model":7""", "'model' must be a string")]
    [InlineData("""{"messages":{"role":"user"}}""", "'messages' must be an array")]
    [InlineData("""{"messages":["hi"]}""", "'messages[0]' must be an object")]
    [InlineData("""{"messages":[{"role":"user","content":5}]}""", "'messages[0].content' must be a string or an array of content parts")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"text","text":5}]}]}""", "'messages[0].content[0].text' must be a string")]
    [InlineData(""" "stop":["a",1]""", "'stop[1]' must be a string")]
    [InlineData(""" "stop":1""", "'stop' must be a string or an array of strings")]
    [InlineData(""" "tool_choice":1""", """'tool_choice' must be none, auto, required or {"type":"function","function":{"name":...}}""")]
    [InlineData(""" "logit_bias":{"50256":"x"}""", "'logit_bias.50256' must be an integer")]
    [InlineData(""" "metadata":{"a":1}""", "'metadata.a' must be a string")]
    public void AValueOfTheWrongTypeIsRefusedSayingWhatTheFieldTakes(string json, string message)
    {
        var e = Refused(json);
        Assert.Equal(message, e.Message);
        Assert.Equal(message[1..message.IndexOf('\'', 1)], e.Param);
    }

    [Theory]
    [InlineData("audio", """{"voice":"alloy"}""", "HermesX answers in text only")]
    [InlineData("functions", "[]", "use 'tools'")]
    [InlineData("verbosity", "\"low\"", "verbosity is not supported")]
    public void AFieldHermesXCannotHonourIsRefusedWithItsReason(string field, string value, string why)
    {
        var e = Refused($"\"{field}\":{value}");
        Assert.Equal(field, e.Param);
        Assert.StartsWith($"'{field}' is not supported: ", e.Message);
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void NullFieldsCountAsAbsent()
    {
        var r = Parse(""" "audio":null,"n":null,"stop":null,"tool_choice":null,"user":null,"stream_options":null,"tools":null""");
        Assert.Null(r.Options.Stop);
        Assert.Null(r.ToolChoice);
        Assert.Empty(r.Tools);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"a\u0000b"}]}""", "messages[0].content")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"text","text":"\ud800"}]}]}""", "messages[0].content[0].text")]
    [InlineData(""" "metadata":{"k\u0000":"v"}""", "metadata.k\uFFFD")]
    [InlineData(""" "x\u0000":1""", "x\uFFFD")]
    [InlineData(""" "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","description":"\u0000"}}}]""", "tools[0].function.parameters.description")]
    [InlineData(""" "response_format":{"type":"json_schema","json_schema":{"name":"a","schema":{"title":"\u0000"}}}""", "response_format.json_schema.schema.title")]
    public void TextPostgresCannotStoreIsRefusedNamingWhereItIs(string json, string param)
    {
        var e = Refused(json);
        Assert.Equal("invalid_json", e.Code);
        Assert.Equal(param, e.Param);
        Assert.Contains("NUL character or invalid Unicode", e.Message);
    }

    [Fact]
    public void InvalidUtf8IsRefusedNamingWhereItIs()
    {
        byte[] json = [.. """{"messages":[{"role":"user","content":"a"""u8, 0xFF, .. "\"}]}"u8];
        var e = Assert.Throws<ChatRequestException>(() => ChatRequestBody.Parse(json));
        Assert.Equal(("invalid_json", "messages[0].content"), (e.Code, e.Param));
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"us""")]
    [InlineData("")]
    [InlineData("{\"messages\":[]}}")]
    public void MalformedJsonIsInvalidJson(string json)
    {
        var e = Refused(json);
        Assert.Equal(("invalid_json", null, "Invalid JSON body: malformed JSON"), (e.Code, e.Param, e.Message));
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("null")]
    [InlineData("\"hi\"")]
    public void ABodyThatIsNoObjectIsRefused(string json)
    {
        var e = Assert.Throws<ChatRequestException>(() => ChatRequestBody.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(("request body must be a JSON object", "body"), (e.Message, e.Param));
    }

    [Fact]
    public void TheUnionMembersTakeBothTheirShapes()
    {
        var tools = """[{"type":"function","function":{"name":"f"}}]""";
        var one = Parse($$"""{"messages":[{"role":"developer","content":[{"type":"text","text":"be "},{"type":"text","text":"brief"}]},{"role":"user","content":"hi"}],"stop":"END","tools":{{tools}},"tool_choice":"required"}""");
        var many = Parse(""" "stop":["A","B"],"tool_choice":{"type":"function","function":{"name":"f"}},"tools": """ + tools);

        Assert.Equal(("system", "be brief"), (one.Messages[0].Role, one.Messages[0].Content));
        Assert.Equal(["END"], one.Options.Stop!);
        Assert.Equal("required", one.ToolChoice);
        Assert.Equal(["A", "B"], many.Options.Stop!);
        Assert.Equal("function:f", many.ToolChoice);
    }

    [Fact]
    public void ValidationKeepsItsMessagesAndParams()
    {
        Assert.Equal("tool_choice", Refused(""" "tool_choice":{"type":"function","function":{"name":"undeclared"}}""").Param);
        Assert.Equal("'n' must be 1: a HermesX turn produces one choice", Refused(""" "n":2""").Message);
        Assert.Equal("messages[0].role", Refused("""{"messages":[{"content":"hi"}]}""").Param);
        Assert.Equal("'messages' must be a non-empty array", Refused("""{"messages":[]}""").Message);
        Assert.Equal("tools", Refused(""" "tools":[{"type":"function","function":{"name":"a b"}}]""").Param);
        Assert.Equal("tools[0].function.parameters", Refused(""" "tools":[{"type":"function","function":{"name":"f","parameters":"x"}}]""").Param);
        Assert.Equal("'temperature' must be a number between 0 and 2", Refused(""" "temperature":1e400""").Message);
        Assert.Equal("messages[0].content[0].image_url.url", Refused("""{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://x"}}]}]}""").Param);
    }

    [Fact]
    public void InlineMediaPastTheCapIsTooLarge()
    {
        var big = Convert.ToBase64String(new byte[ChatRequestValidator.MaxInlineMediaBytes + 1]);
        var e = Assert.Throws<ContentTooLargeException>(() => Parse("""{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,""" + big + "\"}}]}]}"));
        Assert.Equal("messages[0].content", e.Param);
    }

    [Fact]
    public void TheAnswerSentBackAsHistoryIsTakenAsSdksWriteIt()
    {
        // The openai SDK sends the answer's message back whole; the Agents SDK copies its fields into each text part.
        var r = Parse("""
            {"messages":[{"role":"user","content":"hi"},
              {"role":"assistant","content":null,"refusal":"I cannot"},
              {"role":"assistant","content":[{"type":"text","text":"sunny","role":"assistant","refusal":null}]},
              {"role":"user","content":"and tomorrow?"}]}
            """);

        Assert.Equal(["hi", "I cannot", "sunny", "and tomorrow?"], r.Messages.Select(m => m.Content));
    }

    [Fact]
    public void OnlyAssistantMessagesCarryARefusal()
    {
        Assert.Equal("messages[0].refusal", Refused("""{"messages":[{"role":"user","content":"hi","refusal":"no"}]}""").Param);
        Assert.Equal("messages[0].content", Refused("""{"messages":[{"role":"user","content":[{"type":"text","text":"hi","role":"user"}]}]}""").Param);
    }
}
