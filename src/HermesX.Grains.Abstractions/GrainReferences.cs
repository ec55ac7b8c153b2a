using Orleans.Runtime;

namespace HermesX.Grains.Abstractions;

/// <summary>
/// References to string-keyed grains by a cached grain type: <c>GetGrain&lt;T&gt;(string)</c>
/// resolves the interface's grain type from its attributes by reflection on every call, which a
/// turn paid three times. The type is taken from the first reference made and reused after.
/// </summary>
public static class GrainReferences
{
    public static T Reference<T>(this IGrainFactory grains, string key) where T : IGrainWithStringKey =>
        Types<T>.Known is { } known
            ? (T)grains.GetGrain(GrainId.Create(known.Type, key), known.Interface)
            : Types<T>.Learn(grains.GetGrain<T>(key));

    private static class Types<T> where T : IGrainWithStringKey
    {
        public static (GrainType Type, GrainInterfaceType Interface)? Known;

        public static T Learn(T reference)
        {
            if (reference is GrainReference r)
            {
                Known = (r.GrainId.Type, r.InterfaceType);
            }
            return reference;
        }
    }
}
