using System.Text.Json;
using HermesX.FakeLlm.Conversation;
using Microsoft.AspNetCore.Http;

namespace HermesX.FakeLlm.Protocols;

/// <summary>One provider's wire format: how to read its request and write its answers.</summary>
internal interface IFakeProtocol
{
    string Name { get; }

    string ToolIdPrefix { get; }

    FakeExchange Parse(JsonElement root, HttpContext context);

    Task WriteResponseAsync(HttpContext context, FakeExchange exchange, PlannedReply reply, string id);

    Task WriteStreamAsync(HttpContext context, FakeExchange exchange, PlannedReply reply, string id);

    Task WriteErrorAsync(HttpContext context, int status, string message);
}
