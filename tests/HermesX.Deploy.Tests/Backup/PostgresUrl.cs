using Npgsql;

namespace HermesX.Deploy.Tests.Backup;

/// <summary>postgres:// URLs (what the scripts and HermesX take) to and from Npgsql connection strings.</summary>
public static class PostgresUrl
{
    public static string ToConnectionString(string url)
    {
        // The service's own parser, so the tests read URLs exactly as HermesX does.
        var builder = new NpgsqlConnectionStringBuilder(HermesX.Grains.Store.PostgresUrl.ToConnectionString(url)) { Pooling = false };
        return builder.ConnectionString;
    }

    /// <summary>The same server and credentials, another database and optionally another user.</summary>
    public static string With(string url, string database, string? user = null, string? password = null)
    {
        var builder = new UriBuilder(url) { Path = "/" + Uri.EscapeDataString(database) };
        if (user is not null)
        {
            builder.UserName = Uri.EscapeDataString(user);
            builder.Password = password is null ? string.Empty : Uri.EscapeDataString(password);
        }

        return builder.Uri.ToString();
    }
}
