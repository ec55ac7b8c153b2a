using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace HermesX.Grains.Configuration;

/// <summary>
/// Binds options objects from environment variables with the configuration binder, each property from
/// the variable its <see cref="ConfigurationKeyNameAttribute"/> names. Failures are one line,
/// "VARIABLE problem", which never repeats the value.
/// </summary>
public static class EnvironmentBinder
{
    /// <summary>The bound properties of one options type, with their variable names.</summary>
    public static IEnumerable<(PropertyInfo Property, string Variable)> Settings(Type type) =>
        type.GetProperties()
            .Select(p => (Property: p, Variable: p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name))
            .Where(s => s.Variable is not null)
            .Select(s => (s.Property, s.Variable!));

    /// <summary>Binds <paramref name="target"/>; a value its property's type cannot hold fails as the options of <typeparamref name="TOptions"/>.</summary>
    public static void Bind<TOptions>(IConfiguration environment, object target)
    {
        var values = Normalised(environment, target.GetType());
        try
        {
            values.Bind(target);
        }
        catch (InvalidOperationException) when (Unreadable(values, target.GetType()) is { } line)
        {
            // The binder's message names the configuration path and type; ours names the variable, never the value.
            throw Failure<TOptions>(line);
        }
    }

    /// <summary>The first bound number of <paramref name="target"/> outside its <see cref="RangeAttribute"/>.</summary>
    public static (string Variable, string Problem)? OutOfRange(object target)
    {
        foreach (var (property, variable) in Settings(target.GetType()))
        {
            if (property.GetCustomAttribute<RangeAttribute>() is { } range && !range.IsValid(property.GetValue(target)))
            {
                return (variable, Expectation(property));
            }
        }
        return null;
    }

    public static OptionsValidationException Failure<TOptions>(string line) =>
        new(Options.DefaultName, typeof(TOptions), [line]);

    /// <summary>What a value of this setting must be, as said when it is out of range or unreadable.</summary>
    private static string Expectation(PropertyInfo property) => property.GetCustomAttribute<RangeAttribute>() is { } range
        ? $"must be an integer between {range.Minimum} and {range.Maximum}"
        : property.PropertyType == typeof(bool) ? "must be true or false" : "is malformed";

    /// <summary>
    /// Only this type's variables, trimmed, a blank one left out (deployment templates render unset values
    /// as empty strings, and the initializer's default must hold), and the words deployment files use for
    /// switches (1/0, yes/no, on/off) read as true and false.
    /// </summary>
    private static IConfiguration Normalised(IConfiguration environment, Type type)
    {
        var values = new Dictionary<string, string?>();
        foreach (var (property, variable) in Settings(type))
        {
            var raw = environment[variable]?.Trim();
            if (string.IsNullOrEmpty(raw))
            {
                continue;
            }
            values[variable] = property.PropertyType != typeof(bool) ? raw : raw.ToLowerInvariant() switch
            {
                "1" or "true" or "yes" or "on" => "true",
                "0" or "false" or "no" or "off" => "false",
                _ => raw,
            };
        }
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    /// <summary>The line for the first variable whose value the binder's own converter refuses.</summary>
    private static string? Unreadable(IConfiguration values, Type type) =>
        Settings(type).FirstOrDefault(s => values[s.Variable] is { } raw && !TypeDescriptor.GetConverter(s.Property.PropertyType).IsValid(raw))
            is ({ } property, { } variable)
            ? $"{variable} {Expectation(property)}"
            : null;
}
