namespace HermesX.IntegrationTests.Observability.Otlp;

/// <summary>One span as the receiver decoded it; ids in lower-case hex, no parent = empty string.</summary>
public sealed record ReceivedSpan(
    string TraceId, string SpanId, string ParentSpanId, string Name, SpanKind Kind, string Scope,
    IReadOnlyDictionary<string, string> Attributes, IReadOnlyDictionary<string, string> Resource)
{
    public bool IsRoot => ParentSpanId.Length == 0;

    public string? Attribute(string key) => Attributes.TryGetValue(key, out var v) ? v : null;

    public override string ToString() => $"{Scope} '{Name}' {Kind} {SpanId} <- {(IsRoot ? "root" : ParentSpanId)}";
}
