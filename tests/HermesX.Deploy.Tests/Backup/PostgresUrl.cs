using Npgsql;

namespace HermesX.Deploy.Tests.Backup;

/// <summary>postgres:// URLs (what the scripts and HermesX take) to and from Npgsql connection strings.</summary>
public static class PostgresUrl
{
    public static string ToConnectionString(string url)
    {
        var uri = new Uri(url);
        var userInfo = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
            Username = Uri.UnescapeDataString(userInfo[0]),
            Pooling = false,
        };
        if (userInfo.Length > 1)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }

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
