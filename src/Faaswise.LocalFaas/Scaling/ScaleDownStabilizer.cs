namespace Faaswise.LocalFaas.Scaling;

/// <summary>Keeps recent recommendations and answers with the highest of the window: instant up, delayed down.</summary>
public sealed class ScaleDownStabilizer(TimeSpan window)
{
    private readonly Queue<(TimeSpan At, int Replicas)> _recent = new();

    /// <summary>Records <paramref name="desired"/> at <paramref name="now"/> (monotonic) and returns the replicas to run.</summary>
    public int Recommend(TimeSpan now, int desired)
    {
        _recent.Enqueue((now, desired));
        while (_recent.Count > 0 && _recent.Peek().At < now - window) _recent.Dequeue();
        return _recent.Max(r => r.Replicas);
    }

    /// <summary>Forgets the history (after a manual scale or an update).</summary>
    public void Reset() => _recent.Clear();
}
