using Npgsql;

namespace HermesX.Grains.Store;

/// <summary>Turns <c>DATABASE_URL</c> (URL form or a plain Npgsql connection string) into a connection string.</summary>
public static class PostgresUrl
{
    /// <summary>Parses the value; throws <see cref="FormatException"/> with a message that never repeats the password.</summary>
    public static string ToConnectionString(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new FormatException("is empty");
        }

        if (!value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) &&
            !value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(value).ConnectionString;
            }
            catch (ArgumentException)
            {
                throw new FormatException("is neither a postgres:// URL nor a connection string");
            }
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException("is not a valid postgres:// URL");
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0)
        {
            throw new FormatException("names no database (expected postgres://user:pass@host:5432/db)");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = database,
        };
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        }
        if (userInfo.Length == 2)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }

        foreach (var (key, val) in ParseQuery(uri.Query))
        {
            switch (key.ToLowerInvariant())
            {
                case "sslmode":
                    builder.SslMode = val.ToLowerInvariant() switch
                    {
                        "disable" => SslMode.Disable,
                        "allow" => SslMode.Allow,
                        "prefer" => SslMode.Prefer,
                        "require" => SslMode.Require,
                        "verify-ca" => SslMode.VerifyCA,
                        "verify-full" => SslMode.VerifyFull,
                        _ => throw new FormatException($"has an unknown sslmode '{val}'"),
                    };
                    break;
                case "application_name":
                    builder.ApplicationName = val;
                    break;
                case "connect_timeout":
                    builder.Timeout = int.TryParse(val, out var t) ? t : throw new FormatException("has a non-numeric connect_timeout");
                    break;
                case "pool_max_conns":
                    builder.MaxPoolSize = int.TryParse(val, out var m) ? m : throw new FormatException("has a non-numeric pool_max_conns");
                    break;
                default:
                    // Unknown libpq parameters are ignored rather than refused so URLs written for
                    // other drivers keep working.
                    break;
            }
        }

        return builder.ConnectionString;
    }

    private static IEnumerable<(string Key, string Value)> ParseQuery(string query)
    {
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = part.Split('=', 2);
            yield return (Uri.UnescapeDataString(kv[0]), kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "");
        }
    }
}
