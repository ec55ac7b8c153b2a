using System.Text.RegularExpressions;

namespace HermesX.Tests.Architecture;

/// <summary>
/// What a request passes through before its endpoint is read in one file: only the request pipeline
/// (and the branches of the console and the dashboard, which answer their own paths) adds middleware.
/// </summary>
public sealed partial class RequestPipelineTests
{
    private static readonly string[] Allowed =
    [
        "src/HermesX.Frontend/Gate/RequestPipeline.cs",
        "src/HermesX.Frontend/StaticConsole/StaticConsoleExtensions.cs",
        "src/HermesX.Silo/Observability/DashboardAccess.cs",
    ];

    [Fact]
    public void OnlyTheRequestPipelineAddsMiddleware()
    {
        var root = Repository();
        var adding = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => MiddlewareCall().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !Allowed.Contains(f))
            .ToList();
        Assert.Empty(adding);
    }

    [Fact]
    public void ThePipelineHasFewStepsOfItsOwn()
    {
        var pipeline = File.ReadAllText(Path.Combine(Repository(), Allowed[0]));
        // Three steps of HermesX's own (observe; guards; admission) around the framework's auth, CORS and console.
        Assert.InRange(OwnStep().Matches(pipeline).Count, 1, 3);
    }

    private static string Repository()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HermesX.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("HermesX.sln not found above the test's directory");
    }

    [GeneratedRegex(@"\b(app|branch|builder)\.(Use|UseWhen|UseMiddleware)\s*[<(]")]
    private static partial Regex MiddlewareCall();

    [GeneratedRegex(@"\bapp\.Use\(")]
    private static partial Regex OwnStep();
}
