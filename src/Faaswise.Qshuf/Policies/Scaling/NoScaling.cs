using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;

namespace Faaswise.Qshuf.Policies;

/// <summary>No scaling, no shuffling in the control loop: the layout and the router do everything.</summary>
public sealed class NoScaling : IScaler, IShuffler
{
    /// <inheritdoc />
    public void Scale(IClusterSnapshot cluster, IPlacement placement, DecisionList decisions)
    {
    }

    /// <inheritdoc />
    public void Shuffle(IClusterSnapshot cluster, DecisionList decisions)
    {
    }
}
