using System.Text;
using HermesX.Grains.Abstractions.Skills;

namespace HermesX.Grains.Skills;

/// <summary>
/// <see cref="IObjectStore"/> on a local directory, for single-node installs and development:
/// key <c>a/b/c</c> is file <c>{root}/a/b/c</c>. Writes go to a staging file first and are then
/// renamed into place, so a reader never sees half an object.
/// </summary>
public sealed class LocalDirectoryObjectStore(string root) : IObjectStore
{
    private const string Staging = ".staging";

    private readonly string _root = Path.GetFullPath(root);

    public string Location => "directory " + _root;

    public Task EnsureReadyAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Path.Combine(_root, Staging));
        return Task.CompletedTask;
    }

    public async Task<StoredObject?> GetAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        try
        {
            var content = await File.ReadAllTextAsync(path, Encoding.UTF8, ct);
            return new StoredObject(key, content, new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task<bool> ExistsAsync(string key, CancellationToken ct) => Task.FromResult(File.Exists(PathOf(key)));

    public async Task PutAsync(string key, string content, string contentType, CancellationToken ct)
    {
        var path = PathOf(key);
        await EnsureReadyAsync(ct);
        var staged = Path.Combine(_root, Staging, Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(staged, content, new UTF8Encoding(false), ct);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Move(staged, path, overwrite: true);
    }

    public Task<bool> DeleteAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }
        File.Delete(path);
        return Task.FromResult(true);
    }

    public Task<IReadOnlyList<ObjectEntry>> ListAsync(string prefix, CancellationToken ct)
    {
        // Walk the deepest directory the prefix names completely, then filter by the full prefix.
        var slash = prefix.LastIndexOf('/');
        var dir = slash < 0 ? _root : PathOf(prefix[..slash]);
        var entries = new List<ObjectEntry>();
        if (Directory.Exists(dir))
        {
            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            {
                var key = Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/');
                if (key.StartsWith(prefix, StringComparison.Ordinal) && !key.StartsWith(Staging + "/", StringComparison.Ordinal))
                {
                    var info = new FileInfo(file);
                    entries.Add(new ObjectEntry(key, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero)));
                }
            }
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return Task.FromResult<IReadOnlyList<ObjectEntry>>(entries);
    }

    public async Task<int> DeletePrefixAsync(string prefix, CancellationToken ct)
    {
        var entries = await ListAsync(prefix, ct);
        foreach (var e in entries)
        {
            File.Delete(PathOf(e.Key));
        }
        var slash = prefix.LastIndexOf('/');
        if (slash > 0 && Directory.Exists(PathOf(prefix[..slash])) && prefix.EndsWith('/'))
        {
            // A whole folder was emptied (a tenant's prefix): drop the empty directories too.
            Directory.Delete(PathOf(prefix[..slash]), recursive: true);
        }
        return entries.Count;
    }

    /// <summary>Maps a key to a file under the root, refusing anything that could point elsewhere.</summary>
    private string PathOf(string key)
    {
        var segments = key.Split('/');
        if (segments.Any(s => s.Length == 0 || s is "." or ".." || s.IndexOfAny(['\\', '\0']) >= 0) || segments[0] == Staging)
        {
            throw new ArgumentException($"invalid object key '{key}'", nameof(key));
        }
        var path = Path.GetFullPath(Path.Combine([_root, .. segments]));
        return path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new ArgumentException($"invalid object key '{key}'", nameof(key));
    }
}
