using System.Text.Json.Serialization;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Grains.Store;

/// <summary>
/// The JSON kept in jsonb columns (tool calls, content parts, a committed turn's answer, audit
/// details), written and read by source-generated code. Property names are the records' own, as
/// rows written by earlier versions have them.
/// </summary>
[JsonSerializable(typeof(IReadOnlyList<ToolCall>))]
[JsonSerializable(typeof(List<ToolCall>))]
[JsonSerializable(typeof(IReadOnlyList<ContentPart>))]
[JsonSerializable(typeof(List<ContentPart>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(TurnResult))]
[JsonSerializable(typeof(TurnEvent))]
[JsonSerializable(typeof(TurnError))]
[JsonSerializable(typeof(SessionMessage))]
[JsonSerializable(typeof(List<UsageRow>))]
public sealed partial class StoreJson : JsonSerializerContext;
