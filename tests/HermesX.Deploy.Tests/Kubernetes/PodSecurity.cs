using HermesX.Deploy.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace HermesX.Deploy.Tests.Kubernetes;

/// <summary>The hardening every container of a workload must carry, wherever it is rendered from.</summary>
public static class PodSecurity
{
    /// <summary>The pod template of a Deployment, StatefulSet, DaemonSet or Job.</summary>
    public static YamlNode PodSpec(YamlNode workload) =>
        Yaml.At(workload, "spec.template.spec") ?? throw new InvalidDataException("workload without spec.template.spec");

    public static IEnumerable<YamlNode> Containers(YamlNode podSpec) =>
        Yaml.Items(Yaml.Get(podSpec, "initContainers")).Concat(Yaml.Items(Yaml.Get(podSpec, "containers")));

    /// <summary>Every breach of the hardening rules, as "kind/name container: what is wrong".</summary>
    public static IEnumerable<string> Problems(YamlNode workload)
    {
        var name = $"{Yaml.Scalar(Yaml.Get(workload, "kind"))}/{Yaml.Scalar(Yaml.At(workload, "metadata.name"))}";
        var pod = PodSpec(workload);
        var podContext = Yaml.Get(pod, "securityContext");
        foreach (var container in Containers(pod))
        {
            var context = Yaml.Get(container, "securityContext");
            var where = $"{name} container {Yaml.Scalar(Yaml.Get(container, "name"))}";

            // A container's own setting wins over the pod's.
            string? Effective(string key) => Yaml.Scalar(Yaml.Get(context, key)) ?? Yaml.Scalar(Yaml.Get(podContext, key));

            if (Effective("runAsNonRoot") != "true")
            {
                yield return $"{where}: runAsNonRoot is not true";
            }

            if (Effective("runAsUser") is not { } user || user == "0")
            {
                yield return $"{where}: runAsUser is {(Effective("runAsUser") ?? "unset (the image decides)")}, not a non-root uid";
            }

            if (Yaml.Scalar(Yaml.Get(context, "allowPrivilegeEscalation")) != "false")
            {
                yield return $"{where}: allowPrivilegeEscalation is not false";
            }

            if (Yaml.Scalar(Yaml.Get(context, "readOnlyRootFilesystem")) != "true")
            {
                yield return $"{where}: readOnlyRootFilesystem is not true";
            }

            if (!Yaml.Items(Yaml.Get(Yaml.Get(context, "capabilities"), "drop")).Any(cap => Yaml.Scalar(cap) == "ALL"))
            {
                yield return $"{where}: capabilities.drop lacks ALL";
            }

            if ((Yaml.Get(context, "seccompProfile") ?? Yaml.Get(podContext, "seccompProfile")) is null)
            {
                yield return $"{where}: no seccompProfile";
            }
        }
    }
}
