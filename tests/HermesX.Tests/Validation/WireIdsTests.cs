using System.Text.RegularExpressions;
using HermesX.Frontend.Wire;

namespace HermesX.Tests.Validation;

public sealed class WireIdsTests
{
    [Theory]
    [InlineData("chatcmpl-")]
    [InlineData("req_")]
    [InlineData("sess_")]
    public void ANewIdIsThePrefixAndThirtyTwoHexDigitsAndNeverRepeats(string prefix)
    {
        var ids = Enumerable.Range(0, 100).Select(_ => WireNames.NewId(prefix)).ToList();

        Assert.All(ids, id => Assert.Matches("^" + Regex.Escape(prefix) + "[0-9a-f]{32}$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(WireNames.IsValidSessionId(WireNames.NewId("sess_")));
    }
}
