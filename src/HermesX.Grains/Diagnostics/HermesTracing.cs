using System.Diagnostics;

namespace HermesX.Grains.Diagnostics;

/// <summary>
/// The ActivitySource of HermesX's own spans: one per agent iteration (the model call) and one per
/// server tool run. Add <see cref="SourceName"/> to the tracer provider to export them.
/// </summary>
public static class HermesTracing
{
    public const string SourceName = "HermesX";

    internal static readonly ActivitySource Source = new(SourceName, typeof(HermesTracing).Assembly.GetName().Version?.ToString());

    /// <summary>Marks a span as failed with a short reason (never a message body or provider text).</summary>
    internal static void Fail(this Activity? activity, string reason) => activity?.SetStatus(ActivityStatusCode.Error, reason);
}
