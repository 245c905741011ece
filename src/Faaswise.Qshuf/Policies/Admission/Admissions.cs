using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;

namespace Faaswise.Qshuf.Policies;

/// <summary>Lets every routed request in.</summary>
public sealed class NoAdmission : IAdmission
{
    /// <inheritdoc />
    public string Name => "none";

    /// <inheritdoc />
    public RouteDecision Admit(IClusterSnapshot cluster, int function, RouteDecision routed) => routed;
}

/// <summary>
/// Refuses (503) a request whose expected completion at the routed replica misses its SLO, instead of letting it
/// take GPU time from requests that can still make theirs. The estimate is the router's when it made one, else
/// <see cref="CompletionEstimate"/> at the chosen replica.
/// </summary>
public sealed class SloAdmission : IAdmission
{
    /// <inheritdoc />
    public string Name => "slo";

    /// <inheritdoc />
    public RouteDecision Admit(IClusterSnapshot cluster, int function, RouteDecision routed)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (routed.Replica is not { } replica) return routed;
        var expected = double.IsNaN(routed.ExpectedSeconds) ? CompletionEstimate.Seconds(cluster, replica) : routed.ExpectedSeconds;
        var spec = cluster.World.Functions[function];
        return spec.MeetsSlo(expected) ? routed with { ExpectedSeconds = expected }
            : new RouteDecision(null, "SLO admission: expected completion past the SLO", expected);
    }
}
