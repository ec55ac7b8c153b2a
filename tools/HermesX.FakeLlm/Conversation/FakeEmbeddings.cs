using System.Buffers.Binary;
using System.Text;

namespace HermesX.FakeLlm.Conversation;

/// <summary>
/// The fake's embedding of a text: deterministic across processes and machines, so a test can compute
/// the vector a client should receive. Components come from xorshift64 seeded with the FNV-1a 64 hash
/// of the text's UTF-8 bytes, scaled to [-1, 1] and then normalised to length 1, as OpenAI's are.
/// </summary>
public static class FakeEmbeddings
{
    /// <summary>Components when a request does not ask for <c>dimensions</c>.</summary>
    public const int DefaultDimensions = 8;

    /// <summary>The most components a request may ask for (OpenAI's largest model has 3072).</summary>
    public const int MaxDimensions = 4096;

    public static float[] Vector(string text, int dimensions = DefaultDimensions)
    {
        var state = Fnv1a(Encoding.UTF8.GetBytes(text)) | 1;
        var vector = new float[dimensions];
        var norm = 0.0;
        for (var i = 0; i < dimensions; i++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            var component = (state >> 11) / (double)(1UL << 53) * 2 - 1;
            vector[i] = (float)component;
            norm += component * component;
        }
        var scale = norm > 0 ? 1 / Math.Sqrt(norm) : 0;
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] = (float)(vector[i] * scale);
        }
        return vector;
    }

    /// <summary>OpenAI's <c>encoding_format: base64</c>: the float32 components, little-endian, in base64.</summary>
    public static string Base64(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }
        return Convert.ToBase64String(bytes);
    }

    private static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return hash;
    }
}
