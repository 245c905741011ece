using Faaswise.Qshuf.Control;

namespace Faaswise.Qshuf.Decisions;

/// <summary>
/// Where one request goes: a replica, or nowhere (refused with 503), with the reason and, when the router or the
/// admission rule estimated it, the expected completion in seconds (NaN otherwise). Reasons are constant strings, so
/// that routing a request allocates nothing; the figure that explains a refusal is the expected completion.
/// </summary>
public readonly record struct RouteDecision(IReplicaView? Replica, string Reason, double ExpectedSeconds = double.NaN)
{
    /// <summary>Whether the request is refused.</summary>
    public bool Refused => Replica is null;

    /// <summary>A refusal.</summary>
    public static RouteDecision Refuse(string reason) => new(null, reason);
}
