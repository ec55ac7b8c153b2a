using System.Diagnostics.CodeAnalysis;

namespace HermesX.Grains.Abstractions.Llm;

/// <summary>The models HermesX serves: the default model plus the catalog file, reloaded when it changes.</summary>
public interface IModelCatalog
{
    /// <summary>The model named by HERMES_MODEL (or LLM_MODEL); always present.</summary>
    ModelInfo Default { get; }

    /// <summary>Looks a model up by id (case-insensitive).</summary>
    bool TryGet(string modelId, [NotNullWhen(true)] out ModelInfo? model);

    /// <summary>Every served model, the default first.</summary>
    IReadOnlyList<ModelInfo> List();
}
