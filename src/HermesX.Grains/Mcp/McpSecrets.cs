using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace HermesX.Grains.Mcp;

/// <summary>A server's credentials: the headers it is sent and its bearer token. Never listed, never logged.</summary>
public sealed record McpCredentials(Dictionary<string, string> Headers, string? BearerToken);

/// <summary>
/// Seals <see cref="McpCredentials"/> with AES-256-GCM under a key derived from HERMES_MCP_SECRET_KEY
/// (its SHA-256): a database dump alone reveals no tenant's tokens. The sealed form is
/// nonce (12 bytes) · tag (16 bytes) · ciphertext.
/// </summary>
public sealed class McpSecrets(string? secretKey)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[]? _key = string.IsNullOrEmpty(secretKey) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(secretKey));

    public bool CanSeal => _key is not null;

    public byte[] Seal(McpCredentials credentials)
    {
        var key = _key ?? throw new InvalidOperationException("HERMES_MCP_SECRET_KEY is not set");
        var plain = JsonSerializer.SerializeToUtf8Bytes(credentials);
        var sealedBytes = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize));
        return sealedBytes;
    }

    /// <summary>The credentials, or null when they cannot be opened (the key is unset or was changed).</summary>
    public McpCredentials? Open(byte[] sealedBytes)
    {
        if (_key is null || sealedBytes.Length < NonceSize + TagSize)
        {
            return null;
        }
        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        return JsonSerializer.Deserialize<McpCredentials>(plain);
    }
}
