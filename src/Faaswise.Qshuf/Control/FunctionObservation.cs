namespace Faaswise.Qshuf.Control;

/// <summary>A function's traffic as observed at one instant (hand-built in tests; from the gateway's metrics on a live cluster).</summary>
/// <param name="Rate">Arrivals per second (every window).</param>
/// <param name="Irate">QShuf's irate of the started-invocations counter, requests/s.</param>
/// <param name="IrateCv">The cv of that series over the window.</param>
/// <param name="Outstanding">Requests accepted and not answered.</param>
/// <param name="GpuServiceSeconds">Observed inference time on a GPU, seconds; NaN for the world's declared latency.</param>
public sealed record FunctionObservation(double Rate = 0, double Irate = 0, double IrateCv = 0, int Outstanding = 0, double GpuServiceSeconds = double.NaN);
