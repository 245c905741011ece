using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;

namespace Faaswise.Qshuf.Policies;

/// <summary>Where replicas live: the initial deployment, the layout kept up every period, and the GPU of each new replica.</summary>
public interface IPlacement
{
    /// <summary>The initial deployment, before the first request.</summary>
    void Deploy(IClusterSnapshot cluster, DecisionList decisions);

    /// <summary>Keeps the layout every control period (replaces failed replicas where the layout is fixed).</summary>
    void Maintain(IClusterSnapshot cluster, DecisionList decisions);

    /// <summary>A start decision for one more replica of the function (a reserve or a serving one), or null when nothing fits.</summary>
    Decision? Place(IClusterSnapshot cluster, int function, bool reserve, DecisionList decisions, string reason);
}
