namespace Faaswise.Sampling.Plan;

/// <summary>DFaaS's rate grid: from the maximum down by the step while at least the minimum, ascending.</summary>
public static class RateGrid
{
    /// <summary><c>Generate(200, 10, 10)</c> = 10, 20, ..., 200; <c>Generate(50, 0, 10)</c> = 0, 10, ..., 50.</summary>
    /// <exception cref="ArgumentException">A negative bound, a step below 1, or a minimum above the maximum.</exception>
    public static int[] Generate(int max, int min, int step)
    {
        if (step < 1) throw new ArgumentException($"the rate step must be at least 1 (got {step})", nameof(step));
        if (min < 0 || max < min) throw new ArgumentException($"rates need 0 <= min <= max (got min {min}, max {max})", nameof(max));
        var rates = new List<int>();
        for (var r = max; r >= min; r -= step) rates.Add(r);
        rates.Reverse();
        return [.. rates];
    }
}
