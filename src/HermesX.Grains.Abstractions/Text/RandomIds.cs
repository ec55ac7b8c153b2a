using System.Security.Cryptography;

namespace HermesX.Grains.Abstractions.Text;

/// <summary>
/// Ids HermesX makes (requests, completions, sessions, receipts): a prefix and 32 lowercase hex
/// digits of 16 cryptographically random bytes. The bytes are drawn from the system's generator
/// 4 KiB at a time per thread, so a turn's ids cost no read of the kernel's random device each
/// (a <see cref="Guid.NewGuid"/> is one such read per id).
/// </summary>
public static class RandomIds
{
    private const int IdBytes = 16;
    private const int BufferBytes = 256 * IdBytes;

    [ThreadStatic]
    private static byte[]? t_bytes;

    [ThreadStatic]
    private static int t_left;

    public static string New(string prefix) => string.Create(prefix.Length + 2 * IdBytes, prefix, static (span, prefix) =>
    {
        prefix.CopyTo(span);
        Convert.TryToHexStringLower(Next(), span[prefix.Length..], out _);
    });

    private static ReadOnlySpan<byte> Next()
    {
        var bytes = t_bytes ??= new byte[BufferBytes];
        if (t_left < IdBytes)
        {
            RandomNumberGenerator.Fill(bytes);
            t_left = BufferBytes;
        }
        var id = bytes.AsSpan(BufferBytes - t_left, IdBytes);
        t_left -= IdBytes;
        return id;
    }
}
