namespace HermesX.Deploy.Tests.Infrastructure;

/// <summary>Finds the repository root (the folder holding HermesX.sln) and files inside it.</summary>
public static class Repository
{
    private static readonly string[] _ignoredFolders = ["bin", "obj", "node_modules", ".run", ".git", "TestResults"];

    public static string Root { get; } = FindRoot();

    public static string PathOf(string relativePath) =>
        Path.GetFullPath(Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar)));

    /// <summary>Repository-relative path with forward slashes, for stable test names.</summary>
    public static string Relative(string fullPath) =>
        Path.GetRelativePath(Root, fullPath).Replace(Path.DirectorySeparatorChar, '/');

    public static IEnumerable<string> Files(params string[] extensions) =>
        Walk(Root).Where(file => extensions.Any(ext => file.EndsWith(ext, StringComparison.OrdinalIgnoreCase)));

    private static IEnumerable<string> Walk(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            yield return file;
        }

        foreach (var child in Directory.EnumerateDirectories(folder))
        {
            if (_ignoredFolders.Contains(Path.GetFileName(child)))
            {
                continue;
            }

            foreach (var file in Walk(child))
            {
                yield return file;
            }
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HermesX.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"HermesX.sln not found above {AppContext.BaseDirectory}");
    }
}
