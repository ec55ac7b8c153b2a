using HermesX.Deploy.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace HermesX.Deploy.Tests.Compose;

/// <summary>A Docker Compose file, with anchors and merge keys resolved.</summary>
public sealed class ComposeFile
{
    private ComposeFile(string path, YamlMappingNode root)
    {
        Path = path;
        Folder = System.IO.Path.GetDirectoryName(path)!;
        Services = Yaml.Keys(Yaml.Get(root, "services"))
            .ToDictionary(name => name, name => Yaml.At(root, $"services.{name}")!, StringComparer.Ordinal);
    }

    public string Path { get; }

    public string Folder { get; }

    public IReadOnlyDictionary<string, YamlNode> Services { get; }

    /// <summary>docker-compose.*.yml at the root and under deploy/.</summary>
    public static IEnumerable<string> All() =>
        Repository.Files(".yml", ".yaml")
            .Where(file => System.IO.Path.GetFileName(file).StartsWith("docker-compose.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    public static ComposeFile Load(string path) => new(path, Yaml.LoadMapping(path));

    /// <summary>
    /// Services that run the hermesx executable: built from one of our Dockerfiles, or using a
    /// HermesX API image (the Web UI is a different program).
    /// </summary>
    public IEnumerable<string> HermesxServices() => Services
        .Where(service => IsHermesx(service.Value))
        .Select(service => service.Key);

    public IReadOnlyDictionary<string, string?> Environment(string service)
    {
        var environment = Yaml.Get(Services[service], "environment");
        if (environment is YamlSequenceNode list)
        {
            return list.Children.Select(Yaml.Scalar).OfType<string>()
                .Select(item => item.Split('=', 2))
                .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : null, StringComparer.Ordinal);
        }

        return Yaml.Keys(environment).ToDictionary(key => key, key => Yaml.Scalar(Yaml.Get(environment, key)), StringComparer.Ordinal);
    }

    /// <summary>Host paths bind-mounted by a service (short and long volume syntax), as written.</summary>
    public IEnumerable<string> BindMountSources(string service)
    {
        foreach (var volume in Yaml.Items(Yaml.Get(Services[service], "volumes")))
        {
            var source = volume is YamlScalarNode scalar
                ? scalar.Value!.Split(':')[0]
                : Yaml.Scalar(Yaml.Get(volume, "type")) == "bind" ? Yaml.Scalar(Yaml.Get(volume, "source")) : null;
            if (source is not null && (source.StartsWith('.') || source.StartsWith('/')))
            {
                yield return source;
            }
        }
    }

    /// <summary>(context folder, Dockerfile path) of a service's build, resolved against the file's folder.</summary>
    public (string Context, string Dockerfile)? Build(string service)
    {
        var build = Yaml.Get(Services[service], "build");
        if (build is null)
        {
            return null;
        }

        var context = Yaml.Scalar(build) ?? Yaml.Scalar(Yaml.Get(build, "context")) ?? ".";
        var contextPath = System.IO.Path.GetFullPath(System.IO.Path.Combine(Folder, context));
        var dockerfile = Yaml.Scalar(Yaml.Get(build, "dockerfile")) ?? "Dockerfile";
        return (contextPath, System.IO.Path.GetFullPath(System.IO.Path.Combine(contextPath, dockerfile)));
    }

    public IEnumerable<string> PublishedPorts(string service) =>
        Yaml.Items(Yaml.Get(Services[service], "ports")).Select(Yaml.Scalar).OfType<string>();

    public string HealthcheckText(string service) =>
        string.Join(' ', Yaml.Items(Yaml.At(Services[service], "healthcheck.test")).Select(Yaml.Scalar))
        + Yaml.Scalar(Yaml.At(Services[service], "healthcheck.test"));

    private static bool IsHermesx(YamlNode service)
    {
        var image = Yaml.Scalar(Yaml.Get(service, "image")) ?? string.Empty;
        var dockerfile = Yaml.Scalar(Yaml.At(service, "build.dockerfile")) ?? string.Empty;
        return dockerfile.StartsWith("Dockerfile", StringComparison.Ordinal)
            || (image.Contains("hermesx/hermesx", StringComparison.Ordinal) && !image.Contains("webui", StringComparison.Ordinal));
    }
}
