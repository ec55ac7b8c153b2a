using System.Text.Json;
using HermesX.Frontend.Chat;
using HermesX.Grains.Abstractions.Mcp;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Responses;

/// <summary>A POST /v1/responses body after validation.</summary>
public sealed record ResponsesRequest(
    string? Model, IReadOnlyList<InputItem> Input, string? Instructions, IReadOnlyList<ClientTool> Tools, string? ToolChoice,
    int? MaxOutputTokens, double? Temperature, string? PreviousResponseId, bool Store, bool Stream, ResponseEcho Echo, TurnOptions Options,
    bool Background = false, IReadOnlyList<McpRequestServer>? McpServers = null);

/// <summary>What the response object repeats of its request; stored with the response so GET shows the same.</summary>
public sealed record ResponseEcho(
    string? Instructions, int? MaxOutputTokens, double? Temperature, JsonElement ToolChoice, JsonElement Tools,
    string? PreviousResponseId, bool Store, JsonElement Metadata, string? User, double? TopP, bool ParallelToolCalls, bool Background = false);
