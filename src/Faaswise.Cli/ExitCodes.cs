namespace Faaswise.Cli;

/// <summary>Process exit codes shared by every command (DESIGN.md, "The command line").</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int RuntimeFailure = 1;
    public const int BadInput = 2;

    /// <summary>A <c>--threshold</c> failed (k6's exit code 99 would clash with nothing, but 3 keeps codes small and documented).</summary>
    public const int ThresholdFailed = 3;

    /// <summary>128 + SIGINT: stopped by the user after reporting what was done.</summary>
    public const int Interrupted = 130;
}
