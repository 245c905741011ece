using System.Globalization;
using Faaswise.Runtime.Units;

namespace Faaswise.Runtime.Devices;

/// <summary>
/// A GPU that runtimes on one machine share without having one: its memory is a ledger file under
/// <see cref="Directory"/> that every runtime naming the same GPU reads and writes under an exclusive file lock, so
/// loads from several processes compete for one budget as they would on a device. Entries of processes that died are
/// dropped. Transfers take bytes / bandwidth, each way at its own rate.
/// </summary>
public sealed class EmulatedGpu(string name, long capacityBytes, double hostToDeviceBytesPerSecond, double deviceToHostBytesPerSecond, string directory)
{
    /// <summary>Default directory of the ledgers.</summary>
    public static string DefaultDirectory => Path.Combine(Path.GetTempPath(), "faaswise-emulated-gpus");

    /// <summary>The GPU's name (several runtimes naming it share its memory).</summary>
    public string Name { get; } = name;

    /// <summary>Device memory, bytes.</summary>
    public long CapacityBytes { get; } = capacityBytes;

    /// <summary>Host-to-device copy rate, bytes/s.</summary>
    public double HostToDeviceBytesPerSecond { get; } = hostToDeviceBytesPerSecond;

    /// <summary>Device-to-host copy rate, bytes/s.</summary>
    public double DeviceToHostBytesPerSecond { get; } = deviceToHostBytesPerSecond;

    /// <summary>Where the ledgers are.</summary>
    public string Directory { get; } = directory;

    private string LedgerPath => Path.Combine(Directory, Name + ".ledger");

    /// <summary>How long a copy of <paramref name="bytes"/> takes in one direction.</summary>
    public TimeSpan TransferTime(long bytes, bool toDevice) =>
        TimeSpan.FromSeconds(bytes / (toDevice ? HostToDeviceBytesPerSecond : DeviceToHostBytesPerSecond));

    /// <summary>Records <paramref name="bytes"/> held by <paramref name="owner"/>; throws <see cref="DeviceMemoryExceededException"/> when they do not fit.</summary>
    public async Task ReserveAsync(string owner, long bytes, CancellationToken cancellation)
    {
        await UpdateAsync(entries =>
        {
            var used = entries.Where(e => e.Key != owner).Sum(e => e.Value);
            if (used + bytes > CapacityBytes) throw new DeviceMemoryExceededException(Name, bytes, CapacityBytes - used, CapacityBytes, emulated: true);
            entries[owner] = bytes;
        }, cancellation).ConfigureAwait(false);
    }

    /// <summary>Forgets what <paramref name="owner"/> held.</summary>
    public Task ReleaseAsync(string owner, CancellationToken cancellation) => UpdateAsync(entries => entries.Remove(owner), cancellation);

    /// <summary>Bytes held by live runtimes.</summary>
    public async Task<long> UsedBytesAsync(CancellationToken cancellation)
    {
        long used = 0;
        await UpdateAsync(entries => used = entries.Values.Sum(), cancellation).ConfigureAwait(false);
        return used;
    }

    private async Task UpdateAsync(Action<Dictionary<string, long>> change, CancellationToken cancellation)
    {
        System.IO.Directory.CreateDirectory(Directory);
        await using var ledger = await OpenExclusiveAsync(cancellation).ConfigureAwait(false);
        var entries = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var reader = new StreamReader(ledger, leaveOpen: true))
        {
            while (await reader.ReadLineAsync(cancellation).ConfigureAwait(false) is { } line)
            {
                var parts = line.Split(' ');
                if (parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var b) && Alive(parts[0])) entries[parts[0]] = b;
            }
        }

        change(entries);
        ledger.SetLength(0);
        await using var writer = new StreamWriter(ledger, leaveOpen: true);
        foreach (var (owner, bytes) in entries) await writer.WriteLineAsync($"{owner} {bytes.ToString(CultureInfo.InvariantCulture)}").ConfigureAwait(false);
    }

    private async Task<FileStream> OpenExclusiveAsync(CancellationToken cancellation)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(LedgerPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 2000)
            {
                await Task.Delay(5, cancellation).ConfigureAwait(false);
            }
        }
    }

    /// <summary>An owner is "PID/ID"; on Linux a PID without /proc/PID has exited.</summary>
    private static bool Alive(string owner)
    {
        var slash = owner.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0 || !OperatingSystem.IsLinux() || System.IO.Directory.Exists("/proc/" + owner[..slash]);
    }
}
