using System.Text;
using HermesX.Frontend.Chat;

namespace HermesX.Tests.Chat;

/// <summary>The bytes of the chat and Responses streams' frames, as OpenAI's clients parse them.</summary>
public sealed class SseFramesTests
{
    private static async Task<string> FrameAsync(string data, string? eventName)
    {
        using var body = new MemoryStream();
        await SseFrames.WriteEventAsync(body, Encoding.UTF8.GetBytes(data), eventName, CancellationToken.None);
        return Encoding.UTF8.GetString(body.ToArray());
    }

    [Fact]
    public async Task AnUnnamedEventIsOneDataLineAndABlankLine() =>
        Assert.Equal("data: {\"a\":1}\n\n", await FrameAsync("{\"a\":1}", null));

    [Fact]
    public async Task ANamedEventCarriesItsTypeFirst() =>
        Assert.Equal("event: response.output_text.delta\ndata: {}\n\n", await FrameAsync("{}", "response.output_text.delta"));

    [Fact]
    public async Task TheEndMarkerIsTheDataLineOpenAIClientsStopAt() =>
        Assert.Equal("data: [DONE]\n\n", await FrameAsync("[DONE]", null));

    [Fact]
    public async Task DataWithALineBreakStaysOneEvent() =>
        Assert.Equal("data: a\ndata: b\n\n", await FrameAsync("a\nb", null));
}
