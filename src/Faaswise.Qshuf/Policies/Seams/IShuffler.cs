using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;

namespace Faaswise.Qshuf.Policies;

/// <summary>Which models are on the GPUs: loads and offloads every control period (prefetching, eviction).</summary>
public interface IShuffler
{
    /// <summary>Appends residency decisions after the scaler's.</summary>
    void Shuffle(IClusterSnapshot cluster, DecisionList decisions);
}
