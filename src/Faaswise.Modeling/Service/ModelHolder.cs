using Faaswise.Modeling.Forecasting;

namespace Faaswise.Modeling.Service;

/// <summary>
/// The model a service answers with, swapped atomically by a reload. A request leases the model it started with;
/// a replaced model is disposed when its last lease ends, never under a running prediction.
/// </summary>
public sealed class ModelHolder : IDisposable
{
    private Entry current;

    /// <summary>Holds an initial model.</summary>
    public ModelHolder(ForecastModel model) => current = new Entry(model);

    /// <summary>Leases the current model; dispose the lease when done.</summary>
    public Lease Acquire()
    {
        while (true)
        {
            var entry = Volatile.Read(ref current);
            if (entry.TryAddRef()) return new Lease(entry);
        }
    }

    /// <summary>Replaces the model; the old one is disposed once no lease holds it.</summary>
    public void Replace(ForecastModel model)
    {
        var old = Interlocked.Exchange(ref current, new Entry(model));
        old.Release();
    }

    /// <inheritdoc />
    public void Dispose() => Volatile.Read(ref current).Release();

    /// <summary>A model held for one request.</summary>
    public readonly struct Lease : IDisposable
    {
        private readonly Entry entry;

        internal Lease(Entry entry) => this.entry = entry;

        /// <summary>The leased model.</summary>
        public ForecastModel Model => entry.Model;

        /// <inheritdoc />
        public void Dispose() => entry.Release();
    }

    internal sealed class Entry(ForecastModel model)
    {
        private int references = 1;

        public ForecastModel Model { get; } = model;

        public bool TryAddRef()
        {
            while (true)
            {
                var seen = Volatile.Read(ref references);
                if (seen == 0) return false;
                if (Interlocked.CompareExchange(ref references, seen + 1, seen) == seen) return true;
            }
        }

        public void Release()
        {
            if (Interlocked.Decrement(ref references) == 0) Model.Dispose();
        }
    }
}
