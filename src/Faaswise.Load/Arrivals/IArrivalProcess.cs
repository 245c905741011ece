namespace Faaswise.Load.Arrivals;

/// <summary>
/// When requests should be sent: a plan of intended send offsets from the start of an attack.
/// Implementations are immutable; all randomness comes from the <see cref="Random"/> passed in, so a seed
/// reproduces a schedule exactly. The same plan drives the live engine and the simulator.
/// </summary>
public interface IArrivalProcess
{
    /// <summary>
    /// Intended send offsets, ascending, from zero. Infinite for rate-based processes; a trace ends with its file.
    /// </summary>
    IEnumerable<TimeSpan> Offsets(Random random);

    /// <summary>Expected arrivals per second at <paramref name="elapsed"/> (for progress lines and plots).</summary>
    double RateAt(TimeSpan elapsed);
}
