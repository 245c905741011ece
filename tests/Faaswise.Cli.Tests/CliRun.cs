namespace Faaswise.Cli.Tests;

/// <summary>Runs the command line in-process with captured output.</summary>
internal static class CliRun
{
    public static Task<(int Code, string Out, string Error)> RunAsync(params string[] args) => RunAsync(interactive: false, args);

    /// <summary>As <see cref="RunAsync(string[])"/>, with standard error treated as a terminal when <paramref name="interactive"/>.</summary>
    public static async Task<(int Code, string Out, string Error)> RunAsync(bool interactive, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Program.RunAsync(args, new CliConsole(stdout, stderr, interactive), CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
