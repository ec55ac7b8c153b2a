using HermesX.Deploy.Tests.Infrastructure;

namespace HermesX.Deploy.Tests.Tools;

/// <summary>
/// The real tools under tools/deploy-check/, installed by scripts/test.sh
/// (hermes_install_deploy_tools in scripts/lib/deploytools.sh).
/// </summary>
public static class DeployTools
{
    private static string Folder => Repository.PathOf("tools/deploy-check");

    public static string Helm => Require(Path.Combine(Folder, "bin", "helm"));

    public static string Dclint => Require(Path.Combine(Folder, "node_modules", "dclint", "bin", "dclint.cjs"));

    public static string KubernetesValidator
    {
        get
        {
            Require(Path.Combine(Folder, "node_modules", "kubernetes-models", "package.json"));
            return Require(Path.Combine(Folder, "validate-k8s.mjs"));
        }
    }

    public static string DockerfileLinter
    {
        get
        {
            Require(Path.Combine(Folder, "node_modules", "dockerfile-utils", "package.json"));
            return Require(Path.Combine(Folder, "lint-dockerfile.mjs"));
        }
    }

    public static Task<ToolResult> LintDockerfileAsync(string path) =>
        ToolProcess.RunAsync("node", [DockerfileLinter, path]);

    /// <summary>Checks Kubernetes manifests (YAML text) against the Kubernetes schemas.</summary>
    public static Task<ToolResult> ValidateKubernetesAsync(string manifests) =>
        ToolProcess.RunAsync("node", [KubernetesValidator, "-"], manifests);

    public static Task<ToolResult> HelmAsync(params IEnumerable<string> arguments) =>
        ToolProcess.RunAsync(Helm, arguments);

    public static Task<ToolResult> DclintAsync(params IEnumerable<string> arguments) =>
        ToolProcess.RunAsync("node", [Dclint, .. arguments]);

    private static string Require(string path) =>
        File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"{Repository.Relative(path)} is missing: scripts/test.sh installs the deployment tools "
                + "(or run: bash -c '. scripts/lib/services.sh && hermes_install_deploy_tools')", path);
}
