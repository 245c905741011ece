using System.Diagnostics;
using System.Globalization;

namespace Faaswise.Cli.Quickstart;

/// <summary>
/// Runs the quickstart's stages in order. A finished stage leaves a marker, so a second run into the same folder
/// skips it; a stage's standard output goes to logs/STAGE.log, its progress to the terminal.
/// </summary>
internal sealed class StageRunner(string directory, CliConsole console, int stages)
{
    private int _index;

    public string Directory { get; } = directory;

    /// <summary>Seconds each stage took (0 for one finished by an earlier run).</summary>
    public List<(string Title, double Seconds, bool Resumed)> Timings { get; } = [];

    /// <summary>
    /// Runs a command's work in this process as a stage, its output to the stage's log and its failures turned into
    /// exit codes and one-line reasons as on the command line; returns the exit code.
    /// </summary>
    public Task<int> CommandAsync(string name, string title, Func<CliConsole, Task<int>> work) =>
        RunAsync(name, title, log =>
        {
            var stageConsole = new CliConsole(log, console.Error, console.Interactive);
            return Program.GuardAsync(() => work(stageConsole), stageConsole);
        });

    /// <summary>
    /// Runs a stage; returns its exit code (0 also when an earlier run finished it). A stage that is not
    /// <paramref name="remembered"/> runs every time (the report, which shows every run's stages).
    /// </summary>
    public async Task<int> RunAsync(string name, string title, Func<TextWriter, Task<int>> action, bool remembered = true)
    {
        ArgumentNullException.ThrowIfNull(action);
        _index++;
        var marker = Path.Combine(Directory, ".quickstart", name + ".done");
        if (remembered && File.Exists(marker))
        {
            Timings.Add((title, 0, true));
            await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"quickstart [{_index}/{stages}] {title}: done by an earlier run")).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"quickstart [{_index}/{stages}] {title}...")).ConfigureAwait(false);
        var logs = Path.Combine(Directory, "logs");
        System.IO.Directory.CreateDirectory(logs);
        var clock = Stopwatch.StartNew();
        int code;
        await using (var log = new StreamWriter(Path.Combine(logs, name + ".log"), append: false))
        {
            code = await action(log).ConfigureAwait(false);
        }

        if (code != ExitCodes.Success) return code;
        if (remembered)
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
            await File.WriteAllTextAsync(marker, clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "\n").ConfigureAwait(false);
            Timings.Add((title, clock.Elapsed.TotalSeconds, false));
        }

        await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"quickstart [{_index}/{stages}] {title}: done in {clock.Elapsed.TotalSeconds:0} s")).ConfigureAwait(false);
        return code;
    }
}
