using System.Collections.Concurrent;
using System.Globalization;

namespace Faaswise.Experiments.Local;

/// <summary>
/// What the local gateway learns of each request it forwards (the replica and GPU the policy chose, where the model
/// ran, the runtime's queue and inference seconds), keyed by the id the load engine sends in
/// <see cref="Header"/>, so the client's record of the same request gets the replica's side.
/// </summary>
internal sealed class ServedRequests
{
    /// <summary>The header the load engine tags each request with.</summary>
    public const string Header = "X-Faaswise-Request";

    private readonly ConcurrentDictionary<string, Served> _served = new(StringComparer.Ordinal);

    /// <summary>A request answered by a replica.</summary>
    public void Add(string id, Served served) => _served[id] = served;

    /// <summary>The replica's side of request <paramref name="id"/>, removed; null when no replica answered it.</summary>
    public Served? Take(string id) => _served.TryRemove(id, out var s) ? s : null;

    /// <summary>The replica number in a live replica's name (<c>FUNCTION-N</c>), or -1.</summary>
    public static int ReplicaNumber(string name)
    {
        var dash = name.LastIndexOf('-');
        return dash >= 0 && int.TryParse(name.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
    }

    /// <summary>One request as the replica served it.</summary>
    public sealed record Served(bool OnGpu, double QueueSeconds, double ExecSeconds, int Replica, int Gpu);
}
