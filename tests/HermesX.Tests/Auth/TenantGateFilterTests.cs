using HermesX.Frontend.Gate;
using System.Text.Json;
using HermesX.Frontend.Auth;
using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Auth;
using Microsoft.AspNetCore.Http;

namespace HermesX.Tests.Auth;

public sealed class TenantGateFilterTests
{
    private const string TenantRefusal = "Chat runs as a tenant: use a tenant API key, not the platform token";
    private const string ScopeRefusal = "Chat needs the 'execute' scope";

    private static HttpContext As(string? tenant, string[] roles, IReadOnlyList<string> scopes) => new DefaultHttpContext
    {
        User = Caller.Principal("test", tenant, "caller", roles, scopes, "api_key"),
        Response = { Body = new MemoryStream() },
    };

    private static HttpContext PlatformToken() => As(null, [HermesRoles.PlatformAdmin], Scopes.All);

    /// <summary>Runs the filter in front of a handler that answers "passed"; returns what the caller would get.</summary>
    private static async Task<(int Status, string? Message, bool Passed)> RunAsync(TenantGate gate, HttpContext http)
    {
        var passed = false;
        var result = await new TenantGateFilter(gate).InvokeAsync(new DefaultEndpointFilterInvocationContext(http), _ =>
        {
            passed = true;
            return ValueTask.FromResult<object?>("passed");
        });
        if (result is not IResult refusal)
        {
            return (200, null, passed);
        }
        await refusal.ExecuteAsync(http);
        http.Response.Body.Position = 0;
        using var body = await JsonDocument.ParseAsync(http.Response.Body);
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("forbidden", error.GetProperty("code").GetString());
        Assert.Equal("permission_error", error.GetProperty("type").GetString());
        return (http.Response.StatusCode, error.GetProperty("message").GetString(), passed);
    }

    [Fact]
    public async Task ThePlatformTokenIsRefusedWithTheEndpointsOwnMessage()
    {
        var gate = new TenantGate { TenantRefusal = TenantRefusal, AnyScope = [Scopes.Execute], Refusal = ScopeRefusal };
        var (status, message, passed) = await RunAsync(gate, PlatformToken());
        Assert.Equal(403, status);
        Assert.Equal(TenantRefusal, message);
        Assert.False(passed);
    }

    [Fact]
    public async Task AKeyWithoutTheScopeIsRefusedWithAMessageNamingIt()
    {
        var gate = new TenantGate { TenantRefusal = TenantRefusal, AnyScope = [Scopes.Execute], Refusal = ScopeRefusal };
        var (status, message, passed) = await RunAsync(gate, As("t1", [HermesRoles.Admin], [Scopes.Read, Scopes.Write]));
        Assert.Equal(403, status);
        Assert.Equal(ScopeRefusal, message);
        Assert.Contains("'execute'", message);
        Assert.False(passed);
    }

    [Fact]
    public async Task AKeyWithTheScopeReachesTheHandler()
    {
        var gate = new TenantGate { TenantRefusal = TenantRefusal, AnyScope = [Scopes.Execute], Refusal = ScopeRefusal };
        Assert.True((await RunAsync(gate, As("t1", [HermesRoles.User], [Scopes.Execute]))).Passed);
    }

    [Fact]
    public async Task AnyOneOfTheScopesOrRolesIsEnough()
    {
        const string refusal = "Usage needs the admin, operator or auditor role of a tenant, or the 'usage:read' scope";
        var gate = new TenantGate
        {
            TenantRefusal = refusal, AnyRole = [HermesRoles.Admin, HermesRoles.Operator, HermesRoles.Auditor], AnyScope = [Scopes.UsageRead], Refusal = refusal,
        };
        Assert.True((await RunAsync(gate, As("t1", [HermesRoles.User], [Scopes.UsageRead]))).Passed);
        Assert.True((await RunAsync(gate, As("t1", [HermesRoles.Auditor], [Scopes.Read]))).Passed);
        var refused = await RunAsync(gate, As("t1", [HermesRoles.User], [Scopes.Read, Scopes.Write, Scopes.Execute]));
        Assert.Equal((403, refusal, false), refused);
    }

    [Fact]
    public async Task AScopeGateWithoutATenantLetsThePlatformTokenThrough()
    {
        // The API key routes: the platform token holds every scope and names the tenant itself.
        var gate = new TenantGate { AnyScope = [Scopes.KeyWrite], Refusal = "Managing API keys needs the 'key:write' scope" };
        Assert.True((await RunAsync(gate, PlatformToken())).Passed);
        Assert.Equal(403, (await RunAsync(gate, As("t1", [HermesRoles.Admin], [Scopes.Read]))).Status);
    }

    [Theory]
    [InlineData("Chat needs a scope", new[] { Scopes.Execute }, new string[0])]
    [InlineData("Deleting needs the 'execute' scope", new[] { Scopes.Execute, Scopes.Write }, new string[0])]
    [InlineData("Changing skills needs the admin role", new string[0], new[] { HermesRoles.Admin, HermesRoles.Operator })]
    [InlineData(null, new[] { Scopes.Read }, new string[0])]
    public void AGateWhoseRefusalDoesNotNameWhatIsMissingIsRefusedAtStartup(string? refusal, string[] scopes, string[] roles)
    {
        var gate = new TenantGate { AnyScope = scopes, AnyRole = roles, Refusal = refusal };
        Assert.Throws<ArgumentException>(() => new TenantGateFilter(gate));
    }

    [Fact]
    public void AGateThatAsksForNothingIsRefusedAtStartup() =>
        Assert.Throws<ArgumentException>(() => new TenantGateFilter(new TenantGate()));
}
