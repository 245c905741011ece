namespace Faaswise.Cli.Tests;

/// <summary>Runs the command line in-process with captured output.</summary>
internal static class CliRun
{
    public static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Program.RunAsync(args, new CliConsole(stdout, stderr, Interactive: false), CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
