namespace HermesX.Frontend.Auth;

/// <summary>The tenant that bootstrap creates and that the static <c>HERMES_API_KEY</c> acts for.</summary>
public static class DefaultTenant
{
    public const string Id = "default";
    public const string Name = "Default tenant";
}
