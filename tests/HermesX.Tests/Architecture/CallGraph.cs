using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace HermesX.Tests.Architecture;

/// <summary>
/// What a compiled method calls and where its source lives, read from the assemblies and their
/// portable PDBs: a method's own IL and that of the code the compiler made of it (its async or
/// iterator state machine, its lambdas and local functions), and the file of its first sequence point.
/// </summary>
public static class CallGraph
{
    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    /// <summary>The method named <paramref name="name"/> declared on <paramref name="type"/> (an explicit interface implementation by its short name too).</summary>
    public static MethodInfo Method(Type type, string name) =>
        type.GetMethods(Declared).SingleOrDefault(m => m.Name == name || m.Name.EndsWith("." + name, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"{type.Name} declares no method {name}");

    /// <summary>True when <paramref name="caller"/> (or code compiled from it) calls <paramref name="callee"/> directly, through an interface or a virtual it implements.</summary>
    public static bool Calls(MethodInfo caller, MethodInfo callee) =>
        Bodies(caller).SelectMany(Callees).Any(target => Reaches(target, callee));

    /// <summary>The source file of <paramref name="method"/> from its assembly's PDB, relative to the repository (<c>src/…</c>).</summary>
    public static string SourceFile(MethodInfo method)
    {
        var assembly = method.Module.Assembly;
        var pdb = Path.ChangeExtension(assembly.Location, ".pdb");
        using var provider = MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(pdb));
        var reader = provider.GetMetadataReader();
        foreach (var body in Bodies(method))
        {
            var info = reader.GetMethodDebugInformation(MetadataTokens.MethodDefinitionHandle(body.MetadataToken));
            foreach (var point in info.GetSequencePoints())
            {
                var path = reader.GetString(reader.GetDocument(point.Document).Name).Replace('\\', '/');
                var src = path.LastIndexOf("/src/", StringComparison.Ordinal);
                return src >= 0 ? path[(src + 1)..] : path;
            }
        }
        throw new InvalidOperationException($"No sequence point for {method.DeclaringType?.Name}.{method.Name} in {pdb}");
    }

    /// <summary>The method and every method the compiler generated from it (named after it: &lt;Name&gt;…).</summary>
    private static IEnumerable<MethodBase> Bodies(MethodInfo method)
    {
        yield return method;
        var marker = $"<{method.Name}>";
        var nested = new Stack<Type>(method.DeclaringType!.GetNestedTypes(Declared));
        foreach (var generated in method.DeclaringType.GetMethods(Declared).Where(m => m.Name.Contains(marker, StringComparison.Ordinal)))
        {
            yield return generated;
        }
        while (nested.TryPop(out var type))
        {
            var ownType = type.Name.Contains(marker, StringComparison.Ordinal);
            foreach (var m in type.GetMethods(Declared).Where(m => ownType || m.Name.Contains(marker, StringComparison.Ordinal)))
            {
                yield return m;
            }
            foreach (var inner in type.GetNestedTypes(Declared))
            {
                nested.Push(inner);
            }
        }
    }

    private static IEnumerable<MethodBase> Callees(MethodBase body)
    {
        var il = body.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }
        var typeArgs = body.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
        var methodArgs = body.IsGenericMethod ? body.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            short code = il[i++];
            if (code == 0xFE)
            {
                code = (short)(0xFE00 | il[i++]);
            }
            var operand = Operands[code];
            if (operand == OperandType.InlineMethod)
            {
                MethodBase? target = null;
                try
                {
                    target = body.Module.ResolveMethod(BitConverter.ToInt32(il, i), typeArgs, methodArgs);
                }
                catch (ArgumentException)
                {
                    // A token the reflection context cannot bind (a vararg or open generic form): not a HermesX hop.
                }
                if (target is not null)
                {
                    yield return target;
                }
            }
            i += operand switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, i)),
                _ => 4,
            };
        }
    }

    private static bool Reaches(MethodBase target, MethodInfo callee)
    {
        if (Same(target, callee))
        {
            return true;
        }
        if (target.DeclaringType is { IsInterface: true } contract && callee.DeclaringType!.GetInterfaces().Any(i => Same(i, contract)))
        {
            var map = callee.DeclaringType.GetInterfaceMap(callee.DeclaringType.GetInterfaces().First(i => Same(i, contract)));
            for (var i = 0; i < map.InterfaceMethods.Length; i++)
            {
                if (Same(map.InterfaceMethods[i], target) && (Same(map.TargetMethods[i], callee) || Same(map.TargetMethods[i].GetBaseDefinition(), callee.GetBaseDefinition())))
                {
                    return true;
                }
            }
        }
        return target is MethodInfo { IsVirtual: true } virtualTarget && Same(virtualTarget.GetBaseDefinition(), callee.GetBaseDefinition());
    }

    private static bool Same(MemberInfo a, MemberInfo b) => a.Module == b.Module && a.MetadataToken == b.MetadataToken;
}
