namespace HermesX.Deploy.Tests.Backup;

/// <summary>A test class with a throwaway database and a temporary folder of its own, both removed after each test.</summary>
public abstract class ThrowawayDatabaseTest(string folderPrefix) : IAsyncLifetime
{
    private ThrowawayDatabase? _database;
    private DirectoryInfo? _folder;

    protected ThrowawayDatabase Database => _database!;

    protected string Folder => _folder!.FullName;

    public async Task InitializeAsync()
    {
        _folder = Directory.CreateTempSubdirectory(folderPrefix);
        _database = await ThrowawayDatabase.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        _folder?.Delete(recursive: true);
    }
}
