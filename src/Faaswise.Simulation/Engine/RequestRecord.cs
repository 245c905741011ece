namespace Faaswise.Simulation.Engine;

/// <summary>One request's life, as the per-request log writes it. Times are seconds from the start of the run.</summary>
/// <param name="Function">Function index.</param>
/// <param name="Arrival">Arrival at the gateway.</param>
/// <param name="Start">Start of its inference; NaN when it never ran.</param>
/// <param name="End">When the client got its answer.</param>
/// <param name="Status">HTTP status (<see cref="RequestStatus"/>).</param>
/// <param name="OnGpu">Whether it ran on a GPU (else on the replica's CPU share).</param>
/// <param name="QueueSeconds">Time waiting in the replica's queue, not counting the wait for its model to load.</param>
/// <param name="LoadSeconds">Time waiting for the replica's model to arrive on the GPU (load or cold start).</param>
/// <param name="ExecSeconds">Inference time, contention included.</param>
/// <param name="Replica">Replica id; -1 when refused.</param>
/// <param name="Gpu">GPU index; -1 when none.</param>
public readonly record struct RequestRecord(
    int Function, double Arrival, double Start, double End, int Status, bool OnGpu,
    double QueueSeconds, double LoadSeconds, double ExecSeconds, int Replica, int Gpu)
{
    /// <summary>Latency seen by the client, seconds.</summary>
    public double Latency => End - Arrival;
}
