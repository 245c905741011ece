using Faaswise.Load.Units;

namespace Faaswise.Cli;

/// <summary>
/// The one duration grammar of every command-line option: a number with a unit (<c>500ms</c>, <c>30s</c>, <c>2m</c>,
/// <c>1h30m</c>). A bare number is refused everywhere, because its unit would be a guess.
/// </summary>
internal static class DurationOption
{
    /// <summary>Parses the value of <paramref name="option"/>; a <see cref="UsageException"/> names the option when it is not a duration or not above zero.</summary>
    public static TimeSpan Parse(string option, string? text, bool allowZero = false)
    {
        if (!DurationText.TryParse(text, out var value))
        {
            throw new UsageException($"{option} '{text}' is not a duration: write a number with a unit, as in 500ms, 30s, 2m or 1h30m");
        }

        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero))
        {
            throw new UsageException($"{option} must be > 0 (got {text})");
        }

        return value;
    }
}
