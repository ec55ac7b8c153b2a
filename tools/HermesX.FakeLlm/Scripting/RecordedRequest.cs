using System.Text.Json.Nodes;

namespace HermesX.FakeLlm.Scripting;

/// <summary>A request the fake received, kept so tests can assert on what a client sent.</summary>
public sealed record RecordedRequest(
    string Provider,
    string Method,
    string Path,
    string Query,
    string? Model,
    bool Stream,
    IReadOnlyDictionary<string, string> Headers,
    string Body)
{
    /// <summary>The body parsed as JSON (null when it was empty or not JSON).</summary>
    public JsonNode? Json()
    {
        try
        {
            return Body.Length == 0 ? null : JsonNode.Parse(Body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
