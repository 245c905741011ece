using System.Reflection;

namespace Faaswise.Cli;

/// <summary>The command line that starts this tool again (the gateway starts its replicas with it).</summary>
internal static class SelfCommand
{
    public static IReadOnlyList<string> Current()
    {
        var process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == "faaswise") return [process];
        var dll = typeof(SelfCommand).Assembly.Location;
        if (dll.Length == 0) dll = Path.Combine(AppContext.BaseDirectory, "faaswise.dll");
        var host = process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h
            : "dotnet";
        return [host, dll];
    }

    public static string Version =>
        typeof(SelfCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "dev";
}
