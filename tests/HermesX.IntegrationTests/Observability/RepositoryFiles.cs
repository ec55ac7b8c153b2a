namespace HermesX.IntegrationTests.Observability;

/// <summary>Files of this checkout, found from the test binaries by walking up to HermesX.sln.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HermesX.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("HermesX.sln not found above " + AppContext.BaseDirectory);
    }
}
