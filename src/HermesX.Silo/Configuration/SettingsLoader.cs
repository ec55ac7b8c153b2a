using HermesX.Grains.Abstractions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HermesX.Silo.Configuration;

/// <summary>A required setting is missing or malformed; the message names the variable and never its value.</summary>
public sealed class SettingsException(string variable, string problem) : Exception($"{variable} {problem}")
{
    public string Variable { get; } = variable;

    /// <summary>The one line of a settings failure ("VARIABLE problem") as the variable and the problem.</summary>
    public static SettingsException From(OptionsValidationException e)
    {
        var line = e.Failures.First();
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return new SettingsException(line[..space], line[(space + 1)..]);
    }
}

/// <summary>
/// The one way <see cref="HermesOptions"/> is made: bound from the environment, then checked, by the
/// options framework, whether the host resolves it or a command needs it before any host exists.
/// </summary>
public static class SettingsLoader
{
    /// <summary>
    /// Registers <see cref="HermesOptions"/> (also as itself, for the many consumers that take the instance),
    /// bound from <paramref name="environment"/> and validated when the host starts.
    /// </summary>
    public static IServiceCollection AddHermesSettings(this IServiceCollection services, IConfiguration environment, bool requireAcpToken = true)
    {
        services.AddOptions<HermesOptions>()
            .Configure(o => SettingsBinder.Bind(environment, o))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<HermesOptions>>(new HermesOptionsValidator(requireAcpToken));
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<HermesOptions>>().Value);
        return services;
    }

    /// <summary>The settings now, failing with a <see cref="SettingsException"/> on the first bad value.</summary>
    public static HermesOptions Load(IConfiguration environment, bool requireAcpToken = true)
    {
        using var services = new ServiceCollection().AddHermesSettings(environment, requireAcpToken).BuildServiceProvider();
        try
        {
            return services.GetRequiredService<IOptions<HermesOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            throw SettingsException.From(e);
        }
    }
}
