using System.Globalization;

namespace Faaswise.LocalFaas.Watchdog;

/// <summary>
/// What a replica process and the gateway say to each other: the replica prints one ready line with the port it
/// serves on; the gateway holds the replica's stdin open and closes it to say "exit".
/// </summary>
public static class ReplicaProtocol
{
    /// <summary>The ready line's prefix.</summary>
    public const string ReadyPrefix = "faaswise-watchdog ready port=";

    /// <summary>The health path a watchdog answers on.</summary>
    public const string HealthPath = "/_/health";

    /// <summary>The ready line for a port.</summary>
    public static string ReadyLine(int port) => ReadyPrefix + port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The port from a ready line; false for any other line.</summary>
    public static bool TryParseReady(string? line, out int port)
    {
        port = 0;
        return line is not null && line.StartsWith(ReadyPrefix, StringComparison.Ordinal)
            && int.TryParse(line.AsSpan(ReadyPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out port)
            && port is > 0 and <= 65535;
    }
}
