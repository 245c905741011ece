namespace Faaswise.Kubernetes.Control;

/// <summary>One decision as the live cluster applied it: a line of decisions.csv, a log line and an Event.</summary>
/// <param name="Time">Seconds since the controller started.</param>
/// <param name="Source">deploy, control or route.</param>
/// <param name="Kind">start, stop, ready, notready, load, offload, annotate.</param>
/// <param name="Replica">The pod (the intent for a start).</param>
/// <param name="Function">The function's index.</param>
/// <param name="Gpu">The GPU, -1 for none.</param>
/// <param name="Refusal">Why the cluster refused it, or null when it was applied.</param>
/// <param name="Reason">The policy's reason.</param>
/// <param name="Seconds">From the decision to its effect (the API's or the runtime's answer), seconds.</param>
/// <param name="Attempts">Tries it took.</param>
public sealed record DecisionOutcome(double Time, string Source, string Kind, string Replica, int Function, int Gpu, string? Refusal, string Reason, double Seconds, int Attempts);
