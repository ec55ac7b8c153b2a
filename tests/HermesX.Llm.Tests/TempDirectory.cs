namespace HermesX.Llm.Tests;

internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("hermesx-llm-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Replaces a file in one rename, the way config management and ConfigMap volumes do.</summary>
    public void WriteAtomically(string name, string content)
    {
        var staging = File(name + ".tmp");
        System.IO.File.WriteAllText(staging, content);
        System.IO.File.Move(staging, File(name), overwrite: true);
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
