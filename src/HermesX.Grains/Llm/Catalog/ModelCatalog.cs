using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Grains.Llm.Catalog;

/// <summary>
/// Serves the default model plus the models of the catalog file, and reloads the file whenever it changes.
/// The watcher polls (about every 4 s) instead of relying on inotify: Kubernetes ConfigMap volumes swap a
/// symlink, which inotify on the file itself never reports. A file that fails to parse is logged and the
/// last good catalog stays in service.
/// </summary>
internal sealed partial class ModelCatalog : IModelCatalog, IDisposable
{
    private readonly LlmOptions _options;
    private readonly ILogger<ModelCatalog> _logger;
    private readonly PhysicalFileProvider? _files;
    private readonly IDisposable? _watch;
    private volatile Snapshot _snapshot;

    public ModelCatalog(IOptions<LlmOptions> options, ILogger<ModelCatalog> logger)
    {
        _options = options.Value;
        _logger = logger;
        _snapshot = Snapshot.Create(DefaultModel(_options, []), []);
        if (_options.CatalogPath is not { } path)
        {
            return;
        }

        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        var fileName = Path.GetFileName(fullPath);
        if (!Directory.Exists(directory))
        {
            LogRejected(fullPath, "its directory does not exist; serving the default model only");
            return;
        }

        _files = new PhysicalFileProvider(directory) { UsePollingFileWatcher = true, UseActivePolling = true };
        Reload(fullPath);
        _watch = ChangeToken.OnChange(() => _files.Watch(fileName), () => Reload(fullPath));
    }

    public ModelInfo Default => _snapshot.Default;

    public bool TryGet(string modelId, [NotNullWhen(true)] out ModelInfo? model) =>
        _snapshot.Models.TryGetValue(modelId, out model);

    public IReadOnlyList<ModelInfo> List() => _snapshot.Ordered;

    public void Dispose()
    {
        _watch?.Dispose();
        _files?.Dispose();
    }

    private void Reload(string path)
    {
        try
        {
            var fileModels = File.Exists(path) ? ModelCatalogFile.Parse(File.ReadAllText(path), _options) : [];
            var defaultModel = DefaultModel(_options, fileModels);
            _snapshot = Snapshot.Create(defaultModel, fileModels);
            LogLoaded(path, _snapshot.Ordered.Count, defaultModel.Id);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            LogRejected(path, e.Message);
        }
    }

    /// <summary>The env-configured model; a catalog entry with the same id lends it prices and limits.</summary>
    private static ModelInfo DefaultModel(LlmOptions options, IReadOnlyList<ModelInfo> fileModels)
    {
        var id = options.DefaultModelId;
        var fromFile = fileModels.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase));
        return fromFile is not null
            ? fromFile with { IsDefault = true }
            : new ModelInfo { Id = id, Provider = options.Provider, BaseUrl = options.BaseUrl, IsDefault = true };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model catalog {Path} loaded: {Count} models, default {Default}")]
    private partial void LogLoaded(string path, int count, string @default);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model catalog {Path} rejected, keeping the previous one: {Reason}")]
    private partial void LogRejected(string path, string reason);

    private sealed record Snapshot(ModelInfo Default, FrozenDictionary<string, ModelInfo> Models, IReadOnlyList<ModelInfo> Ordered)
    {
        public static Snapshot Create(ModelInfo defaultModel, IReadOnlyList<ModelInfo> fileModels)
        {
            var ordered = new List<ModelInfo> { defaultModel };
            ordered.AddRange(fileModels.Where(m => !string.Equals(m.Id, defaultModel.Id, StringComparison.OrdinalIgnoreCase)));
            var byId = ordered.ToFrozenDictionary(m => m.Id, StringComparer.OrdinalIgnoreCase);
            return new Snapshot(defaultModel, byId, ordered);
        }
    }
}
