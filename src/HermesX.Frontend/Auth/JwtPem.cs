using System.Security.Cryptography;

namespace HermesX.Frontend.Auth;

/// <summary>Reads the RS256 verification key from <c>HERMES_JWT_RS256_PUBLIC_KEY</c> (PEM text).</summary>
public static class JwtPem
{
    /// <summary>
    /// Env files often carry a PEM on one line with literal <c>\n</c> sequences; those are turned back
    /// into line breaks when the value holds no real one.
    /// </summary>
    public static string Normalize(string raw) => (raw.Contains('\n') ? raw : raw.Replace("\\n", "\n")).Trim();

    /// <summary>Imports an RSA public key (SPKI or PKCS#1 PEM) of at least 2048 bits; FormatException otherwise.</summary>
    public static RSA ImportPublicKey(string raw)
    {
        var pem = Normalize(raw);
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            throw new FormatException("is not PEM text (expected -----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----)");
        }
        var label = pem[fields.Label];
        if (label is not ("PUBLIC KEY" or "RSA PUBLIC KEY"))
        {
            throw new FormatException($"must be an RSA public key PEM, not '{label}'");
        }
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            throw new FormatException("is not a valid RSA public key");
        }
        if (rsa.KeySize < 2048)
        {
            rsa.Dispose();
            throw new FormatException("must be an RSA key of at least 2048 bits");
        }
        return rsa;
    }
}
