using System.ComponentModel;
using System.Text.Json;

namespace HermesX.Grains.Tools;

public sealed class CurrentTimeTool(TimeProvider time) : IServerTool
{
    public string Name => "current_time";
    public string Description => "Current date and time. Optional IANA time zone, e.g. 'Europe/Berlin' (default UTC).";
    public JsonElement ParametersSchema { get; } = ToolSchema.Of(([Description("IANA time zone, e.g. Europe/Berlin; UTC when left out")] string timezone = "UTC") => { });

    public Task<string> RunAsync(ToolContext context, JsonElement arguments, CancellationToken ct)
    {
        var zoneId = ToolArgs.OptionalString(arguments, "timezone") ?? "UTC";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
        {
            throw new ToolInputException($"unknown time zone '{zoneId}'");
        }
        var now = TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone);
        return Task.FromResult(JsonSerializer.Serialize(new { timezone = zone.Id, iso8601 = now.ToString("O"), unix = now.ToUnixTimeSeconds() }));
    }
}
