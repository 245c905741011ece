using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Faaswise.Kubernetes.Testing.Kubelet;

/// <summary>A container probe (httpGet, tcpSocket or exec) with its timing fields and the kubelet's defaults.</summary>
public sealed class Probe(JsonObject spec, JsonObject container, string podIp, IReadOnlyDictionary<string, string> env)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30) });

    /// <summary>initialDelaySeconds.</summary>
    public TimeSpan InitialDelay => TimeSpan.FromSeconds(Int("initialDelaySeconds", 0));

    /// <summary>periodSeconds.</summary>
    public TimeSpan Period => TimeSpan.FromSeconds(Int("periodSeconds", 10));

    /// <summary>failureThreshold.</summary>
    public int FailureThreshold => Int("failureThreshold", 3);

    /// <summary>successThreshold.</summary>
    public int SuccessThreshold => Int("successThreshold", 1);

    /// <summary>Runs the probe once.</summary>
    public async Task<bool> RunAsync(CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(Int("timeoutSeconds", 1)));
        try
        {
            if (spec["httpGet"] is JsonObject get)
            {
                var scheme = (get["scheme"]?.GetValue<string>() ?? "HTTP").ToLowerInvariant();
                var host = get["host"]?.GetValue<string>() ?? podIp;
                using var answer = await Http.GetAsync(new Uri($"{scheme}://{host}:{Port(get["port"])}{get["path"]?.GetValue<string>() ?? "/"}"), timeout.Token).ConfigureAwait(false);
                return (int)answer.StatusCode is >= 200 and < 400;
            }

            if (spec["tcpSocket"] is JsonObject tcp)
            {
                using var client = new TcpClient();
                await client.ConnectAsync(tcp["host"]?.GetValue<string>() ?? podIp, Port(tcp["port"]), timeout.Token).ConfigureAwait(false);
                return true;
            }

            if (spec["exec"]?["command"] is JsonArray { Count: > 0 } command)
            {
                var info = new ProcessStartInfo(command[0]!.GetValue<string>()) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var a in command.Skip(1)) info.ArgumentList.Add(a!.GetValue<string>());
                foreach (var (k, v) in env) info.Environment[k] = v;
                using var p = Process.Start(info)!;
                await p.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                return p.ExitCode == 0;
            }

            return true;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private int Port(JsonNode? port)
    {
        if (port is JsonValue v && v.TryGetValue<int>(out var n)) return n;
        var name = port?.GetValue<string>() ?? "";
        if (int.TryParse(name, CultureInfo.InvariantCulture, out n)) return n;
        var named = (container["ports"] as JsonArray ?? []).FirstOrDefault(p => p?["name"]?.GetValue<string>() == name);
        return named?["containerPort"]?.GetValue<int>() ?? throw new InvalidOperationException($"the container has no port named {name}");
    }

    private int Int(string key, int fallback) => spec[key]?.GetValue<int>() ?? fallback;
}
