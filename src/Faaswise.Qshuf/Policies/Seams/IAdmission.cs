using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;

namespace Faaswise.Qshuf.Policies;

/// <summary>Whether a routed request is let in: an axis of its own, applied the same way after any policy's router.</summary>
public interface IAdmission
{
    /// <summary>Name on the command line and in summary.csv's <c>admission</c> column.</summary>
    string Name { get; }

    /// <summary>The router's decision, or a refusal with the reason.</summary>
    RouteDecision Admit(IClusterSnapshot cluster, int function, RouteDecision routed);
}
