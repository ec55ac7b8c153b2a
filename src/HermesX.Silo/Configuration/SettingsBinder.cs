using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Store;
using Microsoft.Extensions.Options;

namespace HermesX.Silo.Configuration;

/// <summary>
/// Binds <see cref="HermesOptions"/> and the options objects it holds from the environment with the
/// configuration binder, each property from the variable its <see cref="ConfigurationKeyNameAttribute"/> names.
/// </summary>
internal static class SettingsBinder
{
    /// <summary>The objects whose settings are read from the root of the environment, in the order they are checked.</summary>
    public static IEnumerable<object> Targets(HermesOptions options) => [options, options.ObjectStore, options.Governance, options.GroupCommit];

    /// <summary>The bound properties of one options type, with their variable names.</summary>
    public static IEnumerable<(PropertyInfo Property, string Variable)> Settings(Type type) =>
        type.GetProperties()
            .Select(p => (Property: p, Variable: p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name))
            .Where(s => s.Variable is not null)
            .Select(s => (s.Property, s.Variable!));

    public static void Bind(IConfiguration environment, HermesOptions options)
    {
        foreach (var target in Targets(options))
        {
            var values = Normalised(environment, target.GetType());
            try
            {
                values.Bind(target);
            }
            catch (InvalidOperationException) when (Unreadable(values, target.GetType()) is { } failure)
            {
                // The binder's message names the configuration path and type; ours names the variable, never the value.
                throw failure;
            }
        }
        options.ConnectionString = ConnectionString(options.DatabaseUrl, out _) ?? "";
    }

    /// <summary>The connection string for DATABASE_URL, or null and why not.</summary>
    public static string? ConnectionString(string databaseUrl, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(databaseUrl))
        {
            problem = "is not set (expected postgres://user:pass@host:5432/db?sslmode=disable)";
            return null;
        }
        try
        {
            return PostgresUrl.ToConnectionString(databaseUrl);
        }
        catch (FormatException e)
        {
            problem = e.Message;
            return null;
        }
    }

    /// <summary>What a value of this setting must be, as said when it is out of range or unreadable.</summary>
    public static string Expectation(PropertyInfo property) => property.GetCustomAttribute<RangeAttribute>() is { } range
        ? $"must be an integer between {range.Minimum} and {range.Maximum}"
        : property.PropertyType == typeof(bool) ? "must be true or false" : "is malformed";

    /// <summary>
    /// Only this type's variables, trimmed, a blank one left out (so the initializer's default holds), and
    /// the words deployment files use for switches (1/0, yes/no, on/off) read as true and false.
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

    /// <summary>The failure for the first variable whose value the binder's own converter refuses.</summary>
    private static OptionsValidationException? Unreadable(IConfiguration values, Type type) =>
        Settings(type).FirstOrDefault(s => values[s.Variable] is { } raw && !TypeDescriptor.GetConverter(s.Property.PropertyType).IsValid(raw))
            is ({ } property, { } variable)
            ? Failure($"{variable} {Expectation(property)}")
            : null;

    public static OptionsValidationException Failure(string message) =>
        new(Options.DefaultName, typeof(HermesOptions), [message]);
}
