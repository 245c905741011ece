namespace Faaswise.Qshuf.Control;

/// <summary>A function's traffic as observed at one instant (hand-built in tests; from the gateway's metrics on a live cluster).</summary>
/// <param name="Rate">Arrivals per second over the last 10 s (every window, when there is no <paramref name="Arrivals"/>).</param>
/// <param name="Irate">QShuf's irate of the started-invocations counter, requests/s.</param>
/// <param name="IrateCv">The cv of that series over the window.</param>
/// <param name="Outstanding">Requests accepted and not answered.</param>
/// <param name="GpuServiceSeconds">Observed inference time on a GPU, seconds; NaN for the world's declared latency.</param>
/// <param name="Arrivals">The per-second arrivals behind the rates, for windows other than 10 s (a meter that counts each request has them; Prometheus rates do not).</param>
/// <param name="ObservedAt">When <paramref name="Arrivals"/> was read, seconds on its clock.</param>
public sealed record FunctionObservation(
    double Rate = 0, double Irate = 0, double IrateCv = 0, int Outstanding = 0, double GpuServiceSeconds = double.NaN,
    ArrivalHistory? Arrivals = null, double ObservedAt = double.NaN)
{
    /// <summary>Arrivals per second over the last <paramref name="seconds"/>, as the simulator computes them where the arrivals are known.</summary>
    public double RateOver(double seconds) => Arrivals is { } a && !double.IsNaN(ObservedAt) ? a.Rate(ObservedAt, seconds) : Rate;
}
