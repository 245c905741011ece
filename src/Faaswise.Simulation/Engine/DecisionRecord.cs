namespace Faaswise.Simulation.Engine;

/// <summary>One decision as the simulator applied it (a line of decisions.csv).</summary>
/// <param name="Time">Simulated seconds.</param>
/// <param name="Source">deploy, control or route.</param>
/// <param name="Kind">start, stop, ready, notready, load, offload, or refuse (a request refused by routing or admission).</param>
/// <param name="Replica">The replica's id (the new one's for a start), or empty.</param>
/// <param name="Function">The function's index.</param>
/// <param name="Gpu">The GPU, -1 for none.</param>
/// <param name="Refusal">Why the cluster refused it, or null when it was applied.</param>
/// <param name="Reason">The policy's reason.</param>
/// <param name="ExpectedSeconds">For a routed or refused request, the expected completion the policy computed, seconds; NaN otherwise.</param>
public readonly record struct DecisionRecord(double Time, string Source, string Kind, string Replica, int Function, int Gpu, string? Refusal, string Reason, double ExpectedSeconds = double.NaN);
