using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using HermesX.Grains.Outbound;
using StandardWebhooks;

namespace HermesX.Grains.Webhooks;

/// <summary>An attempt's outcome: delivered (a 2xx answer), or the status or error it failed with (never a URL or secret).</summary>
public sealed record AttemptOutcome(bool Delivered, int? Status, string? Error);

/// <summary>
/// Sends one attempt as the Standard Webhooks specification says: a POST of the body with
/// <c>webhook-id</c> (the same on every attempt), <c>webhook-timestamp</c> (this attempt's, in Unix
/// seconds) and <c>webhook-signature</c> (<c>v1,</c> and the base64 HMAC-SHA256 of
/// <c>{id}.{timestamp}.{body}</c> keyed by the endpoint's secret), through the <see cref="OutboundGuard"/>'s handler.
/// </summary>
public sealed class WebhookSender(HttpClient http)
{
    public async Task<AttemptOutcome> SendAsync(ClaimedDelivery delivery, DateTimeOffset now, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", delivery.Id);
        request.Headers.Add("webhook-timestamp", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", new StandardWebhook(delivery.Secret).Sign(delivery.Id, now, delivery.Body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("HermesX-Webhooks", "1"));
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            return status is >= 200 and < 300 ? new(true, status, null) : new(false, status, $"answered HTTP {status}");
        }
        catch (HttpRequestException e) when (e.InnerException is OutboundRefusedException refused)
        {
            return new(false, null, refused.Message);
        }
        catch (HttpRequestException e)
        {
            // The request error kind, not the message: that can name the host and port.
            return new(false, null, $"request failed ({e.HttpRequestError})");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(false, null, $"no answer within {http.Timeout.TotalSeconds:0} s");
        }
    }
}

/// <summary>When the next attempt of a failed delivery goes.</summary>
public static class WebhookRetry
{
    /// <summary>
    /// The wait after failed attempt number <paramref name="attempt"/>: the base doubled per earlier
    /// failure up to <paramref name="max"/>, then 50–100 % of that at random, so deliveries that failed
    /// together (an endpoint that was down) do not all come back at once.
    /// </summary>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan max, double random)
    {
        var doubled = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(doubled, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (0.5 * random)));
    }
}
