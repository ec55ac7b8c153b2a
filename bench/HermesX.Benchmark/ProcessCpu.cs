using System.Globalization;

namespace HermesX.Benchmark;

/// <summary>
/// CPU time of a process, read from <c>/proc/&lt;pid&gt;/stat</c> (user + system, in clock ticks of
/// 10 ms). With <see cref="Tree"/> the process counts with every live descendant and with the
/// children it has already reaped, so Postgres' postmaster stands for all of its backends.
/// </summary>
public sealed record ProcessCpu(string Name, int Pid, bool Tree)
{
    private const double TickMicroseconds = 10_000;

    /// <summary>CPU microseconds used so far; 0 when the process is gone.</summary>
    public double Microseconds() => (Tree ? TreeTicks(Pid) : OwnTicks(Pid, withReaped: false)) * TickMicroseconds;

    private static long TreeTicks(int root)
    {
        var children = ChildrenByParent();
        var total = 0L;
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out var pid))
        {
            // A reaped child's time is in its parent's cutime/cstime; a live one counts itself.
            total += OwnTicks(pid, withReaped: true);
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                pending.Push(child);
            }
        }
        return total;
    }

    private static Dictionary<int, List<int>> ChildrenByParent()
    {
        var map = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || Fields(pid) is not { } f)
            {
                continue;
            }
            var parent = int.Parse(f[1], CultureInfo.InvariantCulture);
            (map.TryGetValue(parent, out var list) ? list : map[parent] = []).Add(pid);
        }
        return map;
    }

    private static long OwnTicks(int pid, bool withReaped)
    {
        if (Fields(pid) is not { } f)
        {
            return 0;
        }
        // After the command: state, ppid, … utime (index 11 here), stime, cutime, cstime.
        var ticks = long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
        return withReaped ? ticks + long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture) : ticks;
    }

    /// <summary>The fields after the command name (which may hold spaces), from the state on.</summary>
    private static string[]? Fields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>CPU of each measured process over one timed window.</summary>
public sealed class CpuWindow
{
    private readonly IReadOnlyList<ProcessCpu> _processes;
    private readonly double[] _start;

    private CpuWindow(IReadOnlyList<ProcessCpu> processes)
    {
        _processes = processes;
        _start = processes.Select(p => p.Microseconds()).ToArray();
    }

    public static CpuWindow Start(IReadOnlyList<ProcessCpu> processes) => new(processes);

    /// <summary>Microseconds of CPU each process used since the start, by name.</summary>
    public IReadOnlyDictionary<string, double> Stop() =>
        _processes.Select((p, i) => (p.Name, Used: p.Microseconds() - _start[i])).ToDictionary(x => x.Name, x => x.Used);
}
