using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;

namespace Faaswise.Qshuf.Policies;

/// <summary>How many replicas serve each function: start, stop, promote (ready) and demote (not ready), every control period.</summary>
public interface IScaler
{
    /// <summary>Appends scaling decisions; new replicas go where <paramref name="placement"/> puts them.</summary>
    void Scale(IClusterSnapshot cluster, IPlacement placement, DecisionList decisions);
}
