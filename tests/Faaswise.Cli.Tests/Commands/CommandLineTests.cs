namespace Faaswise.Cli.Tests.Commands;

/// <summary>What every command shares: the help of a bare group, suggestions for typos, one duration grammar.</summary>
public class CommandLineTests
{
    [Fact]
    public async Task A_bare_faaswise_prints_its_help_and_the_commands_to_choose_from()
    {
        var (code, stdout, stderr) = await CliRun.RunAsync([]);

        Assert.Equal(2, code);
        Assert.Contains("Usage:", stdout, StringComparison.Ordinal);
        Assert.Contains("quickstart", stdout, StringComparison.Ordinal);
        Assert.StartsWith("faaswise: choose one of quickstart, attack,", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Required command", stdout + stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("smaple", "faaswise: 'smaple' is not one of", "did you mean 'sample'?")]
    [InlineData("atack", "faaswise: 'atack' is not one of", "did you mean 'attack'?")]
    [InlineData("qshuf contrller", "faaswise qshuf: 'contrller' is not one of", "did you mean 'controller'?")]
    [InlineData("workload genrate", "faaswise workload: 'genrate' is not one of", "did you mean 'generate'?")]
    public async Task A_misspelt_command_is_named_with_the_nearest_one(string args, string start, string suggestion)
    {
        var (code, _, stderr) = await CliRun.RunAsync(args.Split(' '));

        Assert.Equal(2, code);
        Assert.StartsWith(start, stderr, StringComparison.Ordinal);
        Assert.Contains(suggestion, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_word_far_from_every_command_gets_no_guess()
    {
        var (code, _, stderr) = await CliRun.RunAsync(["kubernetes"]);

        Assert.Equal(2, code);
        Assert.DoesNotContain("did you mean", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gateway --timeout 10", "--timeout '10' is not a duration")]
    [InlineData("attack --url http://127.0.0.1:1/ --duration 10", "--duration '10' is not a duration")]
    [InlineData("simulate --duration 10 --out /tmp/faaswise-never", "--duration '10' is not a duration")]
    [InlineData("workload generate --kind es1 --duration 10 --out /tmp/x", "--duration '10' is not a duration")]
    [InlineData("runtime serve --model resnet18 --timeout 5", "--timeout '5' is not a duration")]
    [InlineData("sample --functions figlet --warmup 3 --out /tmp/faaswise-never", "--warmup '3' is not a duration")]
    public async Task Every_duration_option_takes_one_grammar_and_refuses_a_bare_number(string args, string reason)
    {
        var (code, _, stderr) = await CliRun.RunAsync(args.Split(' '));

        Assert.Equal(2, code);
        Assert.Contains(reason + ": write a number with a unit, as in 500ms, 30s, 2m or 1h30m", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_native_library_becomes_one_line_naming_it_and_the_package_to_install()
    {
        var missing = new TypeInitializationException("Faaswise.Modeling.LightGbm.NativeMethods",
            new DllNotFoundException("Unable to load shared library 'lib_lightgbm' or one of its dependencies. libgomp.so.1: cannot open shared object file: No such file or directory\nmore detail"));

        var line = NativeLibraryProblem.Describe(missing);

        Assert.NotNull(line);
        Assert.StartsWith("a native library did not load: Unable to load shared library 'lib_lightgbm'", line, StringComparison.Ordinal);
        Assert.Contains("apt-get install libgomp1", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", line, StringComparison.Ordinal);
        Assert.Null(NativeLibraryProblem.Describe(new InvalidOperationException("not native")));
    }
}
