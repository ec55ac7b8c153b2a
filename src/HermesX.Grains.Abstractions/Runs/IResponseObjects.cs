using System.Text.Json;

namespace HermesX.Grains.Abstractions.Runs;

/// <summary>
/// A run's response object as the Responses API shows it: what a webhook's <c>data</c> carries. The HTTP layer
/// owns that wire shape and registers the one implementation; a host without it (the grains alone) sends the
/// fields a receiver needs to fetch the rest (<c>RunWebhooks.Minimal</c>).
/// </summary>
public interface IResponseObjects
{
    JsonElement Render(RunSnapshot run);
}
