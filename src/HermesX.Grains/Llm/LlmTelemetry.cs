namespace HermesX.Grains.Llm;

public static class LlmTelemetry
{
    /// <summary>
    /// ActivitySource (and Meter) name of the OpenTelemetry spans every model call emits, one per attempt,
    /// following the GenAI semantic conventions. Add it to the tracer and meter providers to export them.
    /// </summary>
    public const string SourceName = "HermesX.Llm";
}
