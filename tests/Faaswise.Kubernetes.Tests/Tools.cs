using System.Diagnostics;

namespace Faaswise.Kubernetes.Tests;

/// <summary>
/// kubectl and helm for conformance checks: $FAASWISE_KUBECTL / $FAASWISE_HELM, the pinned copies ./test unpacks
/// under .tools (kubectl v1.33.9, helm v4.1.4), or PATH. Required when CI=true; elsewhere a missing one skips the check.
/// </summary>
internal static class Tools
{
    public static string? Find(string tool)
    {
        var candidates = new List<string?> { Environment.GetEnvironmentVariable("FAASWISE_" + tool.ToUpperInvariant()) };
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent) candidates.Add(Path.Combine(dir.FullName, ".tools", tool, tool));
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, tool)));
        var found = candidates.FirstOrDefault(c => c is { Length: > 0 } && File.Exists(c));
        if (found is null && Environment.GetEnvironmentVariable("CI") == "true") throw new InvalidOperationException($"{tool} is missing: ./test unpacks the pinned one under .tools/{tool}");
        return found;
    }

    /// <summary>Runs a tool; a non-zero exit fails with its stderr.</summary>
    public static string Run(string path, params string[] args)
    {
        var info = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{Path.GetFileName(path)} {string.Join(' ', args)} exited {p.ExitCode}: {stderr}");
        return stdout.Result;
    }

    /// <summary>The repository root (where deploy/ is).</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "deploy", "helm"))) return dir.FullName;
        }

        throw new InvalidOperationException("the repository root (with deploy/helm) is not above the test binaries");
    }
}

/// <summary>kubectl with a kubeconfig.</summary>
internal static class Kubectl
{
    public static string? Path() => Tools.Find("kubectl");

    public static string Run(string kubectl, string kubeconfig, params string[] args) => Tools.Run(kubectl, ["--kubeconfig", kubeconfig, .. args]);
}
