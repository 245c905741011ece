using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;

namespace Faaswise.Qshuf.Policies;

/// <summary>The gateway's choice of replica for one request; it may ask for loads and offloads that the choice needs.</summary>
public interface IRouter
{
    /// <summary>The replica that takes a request of the function, or a refusal when none can.</summary>
    RouteDecision Route(IClusterSnapshot cluster, int function, DecisionList decisions);
}
