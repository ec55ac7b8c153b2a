using System.Text.Json;
using HermesX.Grains.Abstractions.Runs;

namespace HermesX.Frontend.Responses;

/// <summary>A run's response object exactly as <c>GET /v1/responses/{id}</c> shows it, for the webhook events of its end.</summary>
public sealed class RunResponseObjects : IResponseObjects
{
    public JsonElement Render(RunSnapshot run)
    {
        var response = run.Result is { } result ? BackgroundResponses.Wire(run).Response(result) : BackgroundResponses.View(run);
        return JsonSerializer.SerializeToElement(response, ResponsesJson.Default.ResponseObject);
    }
}
