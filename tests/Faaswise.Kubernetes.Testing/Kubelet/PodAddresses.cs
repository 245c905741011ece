using System.Globalization;

namespace Faaswise.Kubernetes.Testing.Kubelet;

/// <summary>
/// Pod IPs: each pod gets its own loopback address (127.X.Y.Z: all of 127/8 reaches this host on Linux), so every
/// pod can listen on the same ports as in a real cluster. Unique within the process, whatever cluster asks.
/// </summary>
public static class PodAddresses
{
    private static readonly int Base = Random.Shared.Next(16, 200) << 16;
    private static int _next;

    /// <summary>A fresh address.</summary>
    public static string Next()
    {
        var n = Base + Interlocked.Increment(ref _next);
        return string.Create(CultureInfo.InvariantCulture, $"127.{(n >> 16) & 0xff}.{(n >> 8) & 0xff}.{Math.Max(1, n & 0xff)}");
    }
}
