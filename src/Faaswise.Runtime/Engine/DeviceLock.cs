namespace Faaswise.Runtime.Engine;

/// <summary>
/// Inference holds one of <c>workers</c> shared slots; a model move holds them all, so a move waits for the
/// inferences in flight and none starts during it (QShuf moved models while inferring on them).
/// </summary>
internal sealed class DeviceLock(int workers) : IDisposable
{
    private readonly SemaphoreSlim slots = new(workers, workers);
    private readonly SemaphoreSlim movers = new(1, 1);

    public async Task<Releaser> SharedAsync(CancellationToken cancellation)
    {
        await slots.WaitAsync(cancellation).ConfigureAwait(false);
        return new Releaser(this, 1, exclusive: false);
    }

    public async Task<Releaser> ExclusiveAsync(CancellationToken cancellation)
    {
        await movers.WaitAsync(cancellation).ConfigureAwait(false);
        var taken = 0;
        try
        {
            for (; taken < workers; taken++) await slots.WaitAsync(cancellation).ConfigureAwait(false);
        }
        catch
        {
            if (taken > 0) slots.Release(taken);
            movers.Release();
            throw;
        }

        return new Releaser(this, workers, exclusive: true);
    }

    public void Dispose()
    {
        slots.Dispose();
        movers.Dispose();
    }

    internal readonly struct Releaser(DeviceLock owner, int count, bool exclusive) : IDisposable
    {
        public void Dispose()
        {
            owner.slots.Release(count);
            if (exclusive) owner.movers.Release();
        }
    }
}
