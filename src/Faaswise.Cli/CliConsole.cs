namespace Faaswise.Cli;

/// <summary>Where a command writes: results to <see cref="Out"/>, progress and errors to <see cref="Error"/>.</summary>
/// <param name="Out">Standard output: reports, --json.</param>
/// <param name="Error">Standard error: progress, warnings, one-line errors.</param>
/// <param name="Interactive">True when standard error is a terminal, so a live progress line may be drawn.</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, bool Interactive)
{
    public static CliConsole System { get; } = new(Console.Out, Console.Error, !Console.IsErrorRedirected);
}
