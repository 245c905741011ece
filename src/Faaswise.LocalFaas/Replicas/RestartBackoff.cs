namespace Faaswise.LocalFaas.Replicas;

/// <summary>Delay before restarting after the n-th quick failure in a row: first × 2^(n-1), capped.</summary>
public static class RestartBackoff
{
    /// <summary>The delay; zero for no failures.</summary>
    public static TimeSpan Delay(int failures, TimeSpan first, TimeSpan max)
    {
        if (failures <= 0) return TimeSpan.Zero;
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(first.Ticks * factor, max.Ticks));
    }
}
