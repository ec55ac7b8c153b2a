using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace HermesX.Testing;

/// <summary>Shortcuts for the calls most tests start with.</summary>
public static class ApiHelpers
{
    public static async Task<JsonElement> CreateTenantAsync(this HttpClient admin, string? name = null, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["name"] = name ?? "tenant " + Guid.NewGuid().ToString("N")[..6] };
        if (extra is not null)
        {
            foreach (var p in JsonSerializer.SerializeToElement(extra).EnumerateObject())
            {
                body[p.Name] = p.Value;
            }
        }
        using var r = await admin.PostAsJsonAsync("/v1/tenants", body);
        return await r.ExpectJsonAsync(HttpStatusCode.Created);
    }

    /// <summary>Creates a key in <paramref name="tenantId"/> through the platform admin; returns (id, raw key).</summary>
    public static async Task<(string Id, string Key)> CreateKeyAsync(this HttpClient admin, string tenantId, string[]? roles = null, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["name"] = "key", ["roles"] = roles ?? ["admin"], ["tenant_id"] = tenantId };
        if (extra is not null)
        {
            foreach (var p in JsonSerializer.SerializeToElement(extra).EnumerateObject())
            {
                body[p.Name] = p.Value;
            }
        }
        using var r = await admin.PostAsJsonAsync("/v1/api-keys", body);
        var json = await r.ExpectJsonAsync(HttpStatusCode.Created);
        return (json.GetProperty("id").GetString()!, json.GetProperty("key").GetString()!);
    }

    public static async Task<JsonElement> ExpectJsonAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts the contract's error shape and returns error.code.</summary>
    public static async Task<string> ExpectErrorAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var json = await response.ExpectJsonAsync(status);
        var error = json.GetProperty("error");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("request_id").GetString()));
        Assert.Equal(response.Headers.GetValues("X-Request-ID").Single(), error.GetProperty("request_id").GetString());
        return error.GetProperty("code").GetString()!;
    }

    public static async Task PollAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} did not happen within {limit}");
            }
            await Task.Delay(50);
        }
    }
}
