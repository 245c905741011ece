using System.Threading.Channels;

namespace Faaswise.LocalFaas.Functions;

/// <summary>
/// What each function's replicas printed, for <c>/system/logs</c>: the last <see cref="Keep"/> lines per function in
/// memory, with the replica and the time, and live subscriptions for <c>follow=true</c>.
/// </summary>
internal sealed class FunctionLogs(TimeProvider time)
{
    /// <summary>Lines kept per function.</summary>
    public const int Keep = 1000;

    private readonly Dictionary<string, Queue<LogLine>> _lines = new(StringComparer.Ordinal);
    private readonly List<(string Function, Channel<LogLine> Channel)> _followers = [];
    private readonly Lock _gate = new();

    public void Append(string function, string instance, string text)
    {
        var line = new LogLine(function, instance, time.GetUtcNow(), text);
        lock (_gate)
        {
            if (!_lines.TryGetValue(function, out var queue)) _lines[function] = queue = new Queue<LogLine>();
            queue.Enqueue(line);
            while (queue.Count > Keep) queue.Dequeue();
            foreach (var (f, channel) in _followers)
            {
                if (f == function) channel.Writer.TryWrite(line);
            }
        }
    }

    /// <summary>The last <paramref name="tail"/> lines (all kept when null) at or after <paramref name="since"/>, oldest first.</summary>
    public IReadOnlyList<LogLine> Read(string function, int? tail, DateTimeOffset? since)
    {
        lock (_gate) return ReadHeld(function, tail, since);
    }

    private List<LogLine> ReadHeld(string function, int? tail, DateTimeOffset? since)
    {
        if (!_lines.TryGetValue(function, out var queue)) return [];
        var lines = queue.Where(l => since is null || l.Timestamp >= since).ToList();
        return tail is { } n && n < lines.Count ? lines[^n..] : lines;
    }

    /// <summary>The kept lines, then every new one, until <paramref name="stop"/>.</summary>
    public async IAsyncEnumerable<LogLine> FollowAsync(string function, int? tail, DateTimeOffset? since, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken stop)
    {
        var channel = Channel.CreateBounded<LogLine>(new BoundedChannelOptions(Keep) { FullMode = BoundedChannelFullMode.DropOldest });
        IReadOnlyList<LogLine> kept;
        lock (_gate)
        {
            kept = ReadHeld(function, tail, since);
            _followers.Add((function, channel));
        }

        try
        {
            foreach (var line in kept) yield return line;
            while (await channel.Reader.WaitToReadAsync(stop).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var line)) yield return line;
            }
        }
        finally
        {
            lock (_gate) _followers.RemoveAll(f => f.Channel == channel);
        }
    }
}

/// <summary>One line a replica printed: faas-provider's log message (<c>name</c>, <c>instance</c>, <c>timestamp</c>, <c>text</c>).</summary>
internal sealed record LogLine(string Name, string Instance, DateTimeOffset Timestamp, string Text);
