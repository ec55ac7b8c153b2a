using HermesX.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace HermesX.Tests.Architecture;

/// <summary>A real HermesX host built from minimal settings and never started: its services and route table, without a database.</summary>
public static class UnstartedHost
{
    public static WebApplication Build(params (string Name, string Value)[] extra)
    {
        var values = new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = "postgres://u:p@127.0.0.1:1/db",
            ["HERMES_ACP_TOKEN"] = "token",
        };
        foreach (var (name, value) in extra)
        {
            values[name] = value;
        }
        return SiloHost.Build(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), []);
    }
}
