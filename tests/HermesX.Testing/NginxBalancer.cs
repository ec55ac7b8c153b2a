using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace HermesX.Testing;

/// <summary>
/// nginx from Debian as a plain round-robin load balancer (no affinity) in front of silos' API ports.
/// <see cref="SetUpstreamsAsync"/> rewrites the upstream list and reloads gracefully, as a
/// Kubernetes Service follows its ready endpoints.
/// </summary>
public sealed class NginxBalancer : IAsyncDisposable
{
    private readonly string _dir;
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NginxBalancer(string dir, int port, Process process)
    {
        _dir = dir;
        Port = port;
        _process = process;
    }

    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public static string Executable =>
        new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("nginx is not installed (scripts/test.sh installs nginx-light)");

    public static async Task<NginxBalancer> StartAsync(IEnumerable<int> upstreamPorts)
    {
        var dir = Directory.CreateTempSubdirectory("hermesx-nginx-").FullName;
        // Workers of a root master run as nobody: they need to write their temp files here.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dir, (UnixFileMode)0b111_111_111);
        }
        var port = Ports.Free();
        await File.WriteAllTextAsync(Path.Combine(dir, "nginx.conf"), Config(dir, port, upstreamPorts));
        var psi = new ProcessStartInfo(Executable, ["-p", dir, "-c", Path.Combine(dir, "nginx.conf")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(psi)!;
        var balancer = new NginxBalancer(dir, port, process);
        process.OutputDataReceived += (_, e) => balancer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => balancer.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ApiHelpers.PollAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {process.ExitCode}: {balancer.Output}");
            }
            try
            {
                using var tcp = new System.Net.Sockets.TcpClient();
                await tcp.ConnectAsync("127.0.0.1", port);
                return true;
            }
            catch (System.Net.Sockets.SocketException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(20), "nginx listening");
        return balancer;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString() + ErrorLog();
            }
        }
    }

    private string ErrorLog()
    {
        var log = Path.Combine(_dir, "error.log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>New upstreams, then a graceful reload (SIGHUP): old workers finish their requests.</summary>
    public async Task SetUpstreamsAsync(IEnumerable<int> upstreamPorts)
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "nginx.conf"), Config(_dir, Port, upstreamPorts));
        using var hup = Process.Start("kill", ["-HUP", _process.Id.ToString(CultureInfo.InvariantCulture)])!;
        await hup.WaitForExitAsync();
        // nginx reloads asynchronously; the new workers are up well within this.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
    }

    private static string Config(string dir, int port, IEnumerable<int> upstreams) => $$"""
        daemon off;
        worker_processes 1;
        pid {{dir}}/nginx.pid;
        error_log {{dir}}/error.log warn;
        events { worker_connections 1024; }
        http {
            access_log off;
            # Each client request on its own connection: a reload closes idle keep-alive connections,
            # and a client that just sent on one would see a reset that says nothing about HermesX.
            keepalive_timeout 0;
            client_body_temp_path {{dir}}/body;
            proxy_temp_path {{dir}}/proxy;
            fastcgi_temp_path {{dir}}/fastcgi;
            uwsgi_temp_path {{dir}}/uwsgi;
            scgi_temp_path {{dir}}/scgi;
            upstream hermesx {
        {{string.Join("\n", upstreams.Select(p => $"        server 127.0.0.1:{p};"))}}
            }
            server {
                listen 127.0.0.1:{{port}};
                location / {
                    proxy_pass http://hermesx;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_buffering off;
                    proxy_read_timeout 120s;
                }
            }
        }
        """;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A worker may still be closing its files; the temp directory is cleaned up eventually.
        }
    }
}
