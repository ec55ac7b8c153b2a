using StackExchange.Redis;

namespace HermesX.Frontend.Gate;

/// <summary>Reads <c>REDIS_URL</c>: <c>redis://[[user]:password@]host[:port][/db]</c>, <c>rediss://</c> for TLS.</summary>
public static class RedisUrl
{
    public const int DefaultPort = 6379;

    /// <summary>Null when the URL parses, else why not (for the settings loader).</summary>
    public static string? Problem(string url)
    {
        try
        {
            Parse(url);
            return null;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }

    /// <summary>Parses the URL; a <see cref="FormatException"/> message never quotes the URL (it may hold a password).</summary>
    public static ConfigurationOptions Parse(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss") ||
            string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException("must look like redis://[:password@]host:6379[/db] (rediss:// for TLS)");
        }
        var options = new ConfigurationOptions { Ssl = uri.Scheme == "rediss" };
        options.EndPoints.Add(uri.DnsSafeHost, uri.Port > 0 ? uri.Port : DefaultPort);
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            var user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            var password = colon < 0 ? "" : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            // redis://secret@host is the older "password only" form (AUTH with one argument).
            if (colon < 0)
            {
                (user, password) = ("", user);
            }
            options.User = user.Length == 0 ? null : user;
            options.Password = password.Length == 0 ? null : password;
        }
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            if (!int.TryParse(path, out var db) || db < 0)
            {
                throw new FormatException("has a database path that is not a number (redis://host:6379/0)");
            }
            options.DefaultDatabase = db;
        }
        return options;
    }
}
