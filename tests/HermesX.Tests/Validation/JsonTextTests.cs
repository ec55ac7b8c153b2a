using System.Text;
using System.Text.Json;
using HermesX.Frontend.Validation;

namespace HermesX.Tests.Validation;

public sealed class JsonTextTests
{
    [Fact]
    public void CleanDocumentsHaveNoProblem()
    {
        using var doc = JsonDocument.Parse("""{"messages":[{"role":"user","content":"héllo 😀"}],"n":1,"tools":[]}""");
        Assert.Null(JsonText.FindProblem(doc.RootElement));
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user"},{"content":"a\u0000b"}]}""", "$.messages[1].content")]
    [InlineData("""{"config":{"deep":[1,{"k":"\ud800"}]}}""", "$.config.deep[1].k")]
    [InlineData("""{"x\u0000":1}""", "$")]
    public void TheFirstUnstorableStringIsNamedByItsPath(string json, string path)
    {
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(path, JsonText.FindProblem(doc.RootElement));
    }

    [Fact]
    public void InvalidUtf8IsFoundToo()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"a":["ok","x"]}""");
        bytes[^4] = 0xFF;
        using var doc = JsonDocument.Parse(bytes);
        Assert.Equal("cfg[1]", JsonText.FindProblem(doc.RootElement.GetProperty("a"), "cfg"));
    }
}
