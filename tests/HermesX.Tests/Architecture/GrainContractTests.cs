using System.Reflection;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Tests.Architecture;

/// <summary>
/// Grains speak domain outcomes: nothing a grain returns carries an HTTP status (the frontend maps a
/// turn's <see cref="TurnError"/> to HTTP in one place), and no exception type crosses the contract.
/// </summary>
public sealed class GrainContractTests
{
    private static readonly Assembly Contracts = typeof(ISessionGrain).Assembly;

    private static IEnumerable<Type> GrainInterfaces() =>
        Contracts.GetExportedTypes().Where(t => t.IsInterface && typeof(IGrain).IsAssignableFrom(t));

    /// <summary>Every HermesX type a grain method answers with, followed through properties, lists and generics.</summary>
    private static HashSet<Type> AnsweredTypes()
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>(GrainInterfaces().SelectMany(i => i.GetMethods()).Select(m => m.ReturnType));
        while (pending.TryPop(out var type))
        {
            if (!seen.Add(type))
            {
                continue;
            }
            foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
            {
                pending.Push(argument);
            }
            if (type.Assembly == Contracts)
            {
                foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    pending.Push(property.PropertyType);
                }
            }
        }
        return [.. seen.Where(t => t.Assembly == Contracts)];
    }

    [Fact]
    public void NoGrainAnswersWithAnHttpStatus()
    {
        var answered = AnsweredTypes();
        Assert.Contains(typeof(TurnOutcome), answered);
        var statuses = answered
            .SelectMany(t => t.GetProperties().Select(p => (Type: t, Property: p)))
            .Where(x => x.Property.PropertyType == typeof(int) || x.Property.PropertyType == typeof(int?))
            .Where(x => x.Property.Name.Contains("Status", StringComparison.OrdinalIgnoreCase) || x.Property.Name.Contains("Http", StringComparison.OrdinalIgnoreCase))
            .Select(x => $"{x.Type.Name}.{x.Property.Name}");
        Assert.Empty(statuses);
    }

    [Fact]
    public void NoExceptionTypeIsPartOfTheGrainContracts() =>
        Assert.Empty(Contracts.GetExportedTypes().Where(t => typeof(Exception).IsAssignableFrom(t)).Select(t => t.Name));
}
