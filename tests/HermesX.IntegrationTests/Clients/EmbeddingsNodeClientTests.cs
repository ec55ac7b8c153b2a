using System.Buffers.Binary;
using HermesX.FakeLlm.Conversation;
using HermesX.IntegrationTests.Embeddings;

namespace HermesX.IntegrationTests.Clients;

/// <summary>The official openai Node SDK (tests/clients), unmodified, calling embeddings.create on a running silo.</summary>
[Collection(EmbeddingsCollection.Name)]
public sealed class EmbeddingsNodeClientTests(EmbeddingsFixture fixture)
{
    [Fact]
    public async Task EmbeddingsCreateReturnsFloatAndBase64Vectors()
    {
        var result = (await NodeScript.ClientAsync("embeddings-openai.mjs", fixture.Chat.Cluster.First.BaseAddress, fixture.Key,
            EmbeddingsFixture.Model)).Result();

        Assert.Equal("list", result.GetProperty("object").GetString());
        Assert.Equal(EmbeddingsFixture.Model, result.GetProperty("model").GetString());
        var floats = result.GetProperty("floats");
        foreach (var (text, i) in new[] { ("alpha", 0), ("beta gamma", 1) })
        {
            Assert.Equal(i, floats[i].GetProperty("index").GetInt32());
            Assert.Equal("embedding", floats[i].GetProperty("object").GetString());
            Assert.Equal(FakeEmbeddings.Vector(text), floats[i].GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()));
        }
        Assert.Equal(5, result.GetProperty("promptTokens").GetInt32());
        Assert.Equal(5, result.GetProperty("totalTokens").GetInt32());

        // Without encoding_format the SDK asks for base64 and decodes it into floats.
        var alpha = FakeEmbeddings.Vector("alpha");
        Assert.Equal(alpha, result.GetProperty("byDefault").EnumerateArray().Select(e => e.GetSingle()));
        var bytes = Convert.FromBase64String(result.GetProperty("base64").GetString()!);
        Assert.Equal(alpha, Enumerable.Range(0, bytes.Length / sizeof(float)).Select(i => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)))));
        Assert.Equal(16, result.GetProperty("sizedLength").GetInt32());
    }
}
