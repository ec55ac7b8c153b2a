using System.Diagnostics;
using HermesX.Deploy.Tests.Helm;
using HermesX.Deploy.Tests.Infrastructure;
using HermesX.Testing;
using Npgsql;

namespace HermesX.Deploy.Tests.PgBouncer;

/// <summary>The pgbouncer.ini the chart renders, run by a real PgBouncer (Debian's) in front of the test PostgreSQL.</summary>
public sealed class ChartPgBouncerConfigTests
{
    [Fact]
    public async Task RealPgBouncerAcceptsTheChartsConfigurationAndPoolsTransactions()
    {
        var chart = await RenderedChart.OfAsync(ChartValues.PgBouncer);
        var configMap = Assert.Single(chart.OfKind("ConfigMap"), c => Yaml.Scalar(Yaml.At(c, "metadata.name"))!.EndsWith("-pgbouncer", StringComparison.Ordinal));
        var rendered = Yaml.Scalar(Yaml.Get(Yaml.Get(configMap, "data"), "pgbouncer.ini"))!;
        await using var database = await TestDatabase.CreateAsync();
        var server = new NpgsqlConnectionStringBuilder(HermesX.Grains.Store.PostgresUrl.ToConnectionString(TestDatabase.AdminUrl));
        var folder = Directory.CreateTempSubdirectory("hermesx-chart-pgbouncer-");
        var port = Ports.Free();
        // Only where it listens, which server it reaches and where the login list lies differ
        // from the cluster; everything else is the chart's text as rendered.
        var config = rendered
            .Replace("host=hx-hermesx-postgresql port=5432", $"host={server.Host} port={server.Port}", StringComparison.Ordinal)
            .Replace("listen_addr = 0.0.0.0", "listen_addr = 127.0.0.1", StringComparison.Ordinal)
            .Replace("listen_port = 6432", $"listen_port = {port}", StringComparison.Ordinal)
            .Replace("/etc/pgbouncer/auth/userlist.txt", Path.Combine(folder.FullName, "userlist.txt"), StringComparison.Ordinal);
        Assert.Contains($"listen_port = {port}", config, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "pgbouncer.ini"), config);
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "userlist.txt"), $"\"{TestDatabase.ServiceRole}\" \"{TestDatabase.ServicePassword}\"\n");
        if (!OperatingSystem.IsWindows())
        {
            // The temporary folder is private; PgBouncer runs as another user and reads from it.
            File.SetUnixFileMode(folder.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        // PgBouncer refuses to run as root; as root it is told to switch to the postgres user.
        string[] arguments = Environment.UserName == "root"
            ? ["-u", "postgres", Path.Combine(folder.FullName, "pgbouncer.ini")]
            : [Path.Combine(folder.FullName, "pgbouncer.ini")];
        var start = new ProcessStartInfo(File.Exists("/usr/sbin/pgbouncer") ? "/usr/sbin/pgbouncer" : "pgbouncer", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var bouncer = Process.Start(start)!;
        var log = bouncer.StandardError.ReadToEndAsync();
        try
        {
            await ApiHelpers.PollAsync(() => Task.FromResult(bouncer.HasExited || Scripts.TakenPorts.IsListening(port)), TimeSpan.FromSeconds(30), "pgbouncer listening");
            if (bouncer.HasExited)
            {
                Assert.Fail($"pgbouncer refused the chart's configuration:\n{await log}");
            }

            var through = new NpgsqlConnectionStringBuilder(database.ServiceConnectionString) { Port = port };
            await using var conn = new NpgsqlConnection(through.ConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT current_user, inet_server_port()", conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(TestDatabase.ServiceRole, reader.GetString(0));
            Assert.Equal(server.Port, reader.GetInt32(1));
        }
        finally
        {
            if (!bouncer.HasExited)
            {
                bouncer.Kill();
            }

            await bouncer.WaitForExitAsync();
            folder.Delete(recursive: true);
        }
    }
}
