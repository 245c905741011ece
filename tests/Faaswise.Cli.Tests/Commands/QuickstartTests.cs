using System.Text.RegularExpressions;
using Faaswise.Testing;
using SkiaSharp;

namespace Faaswise.Cli.Tests.Commands;

/// <summary>One reduced quickstart (the plan CI runs), shared by the tests that read what it left.</summary>
public sealed class QuickstartRun : IAsyncLifetime
{
    public TempDirectory Folder { get; } = new();

    public string Out => Path.Combine(Folder.Path, "qs");

    public int Code { get; private set; }

    public string Output { get; private set; } = "";

    public async Task InitializeAsync() => (Code, Output) = await FaaswiseProcess.RunAsync(TimeSpan.FromMinutes(8), "quickstart", "--minutes", "1", "--out", Out);

    public Task DisposeAsync()
    {
        Folder.Dispose();
        return Task.CompletedTask;
    }
}

[Collection(SamplingProcesses.Name)]
public partial class QuickstartTests(QuickstartRun run) : IClassFixture<QuickstartRun>
{
    [Fact]
    public void Reduced_quickstart_runs_every_stage_and_writes_the_report_with_its_data_beside_it()
    {
        Assert.True(run.Code == 0, run.Output);
        foreach (var stage in new[] { "[1/9] profiling", "[3/9] sampling", "[4/9] training", "[6/9] simulating", "[7/9] playing ES1 live", "[8/9] simulating the live run's arrivals", "[9/9] writing the report" })
        {
            Assert.Contains(stage, run.Output, StringComparison.Ordinal);
        }

        Assert.Contains("report: " + Path.Combine(run.Out, "report.html"), run.Output, StringComparison.Ordinal);
        Assert.Contains("forecaster on held-out runs: node CPU R²", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"live on this machine \(ES1 cv 4\): faaswise\+slo [0-9.]+ % SLO \(simulated [0-9.]+ %\); qshuf\+slo [0-9.]+ % SLO \(simulated [0-9.]+ %\)", run.Output);
        foreach (var file in new[] { "samples/index.csv", "samples/manifest.json", "groups/group_list.json", "model/manifest.json", "model/metrics.json", "sim/default/summary.csv", "sim/memory-pressure/summary.csv",
            "live/summary.csv", "live/gap.csv", "live/gap-report.html", "live-sim/summary.csv" })
        {
            Assert.True(File.Exists(Path.Combine(run.Out, file)), file);
        }
    }

    [Fact]
    public void Report_has_no_broken_image_or_link_and_no_network_reference()
    {
        Assert.True(run.Code == 0, run.Output);
        var html = File.ReadAllText(Path.Combine(run.Out, "report.html"));
        Assert.Contains("Idle baseline (each node target held at the node", html, StringComparison.Ordinal);
        var images = ImageSource().Matches(html).Select(m => m.Groups[1].Value).ToArray();
        Assert.True(images.Length >= 17, $"{images.Length} images");
        Assert.Contains("live/gap-figures/cdf-faaswise+slo-es1-cv4-seed1.png", images);
        foreach (var target in images.Concat(LinkTarget().Matches(html).Select(m => m.Groups[1].Value)))
        {
            Assert.DoesNotContain("://", target, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(run.Out, target)) || Directory.Exists(Path.Combine(run.Out, target)), $"report.html refers to {target}, which is missing");
        }

        foreach (var image in images) Assert.True(new FileInfo(Path.Combine(run.Out, image)).Length > 5_000, image);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_renders_in_headless_chromium_to_a_page_that_is_not_blank()
    {
        Assert.True(run.Code == 0, run.Output);
        var chromium = ExternalProgram.Require("chromium", "chromium");
        var shot = Path.Combine(run.Folder.Path, "report.png");
        var profile = Path.Combine(run.Folder.Path, "chromium-profile");
        using var browser = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(chromium)
        {
            ArgumentList =
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars", $"--user-data-dir={profile}", "--window-size=1400,3000",
                $"--screenshot={shot}", new Uri(Path.Combine(run.Out, "report.html")).AbsoluteUri,
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await browser.WaitForExitAsync(limit.Token);

        Assert.True(File.Exists(shot), await browser.StandardError.ReadToEndAsync());
        using var bitmap = SKBitmap.Decode(shot);
        Assert.Equal(1400, bitmap.Width);
        var colours = new HashSet<uint>();
        long inked = 0, total = 0;
        for (var y = 0; y < bitmap.Height; y += 3)
        {
            for (var x = 0; x < bitmap.Width; x += 3)
            {
                var c = bitmap.GetPixel(x, y);
                total++;
                if (c.Red < 235 || c.Green < 235 || c.Blue < 235) inked++;
                colours.Add((uint)c);
            }
        }

        Assert.True(inked > total / 20, $"only {inked} of {total} sampled pixels are not white");
        Assert.True(colours.Count > 50, $"only {colours.Count} colours: the figures did not load");
    }

    [Fact]
    public async Task A_second_run_into_the_same_folder_resumes_instead_of_repeating()
    {
        Assert.True(run.Code == 0, run.Output);
        var samples = File.ReadAllText(Path.Combine(run.Out, "samples", "index.csv"));

        var (code, output) = await FaaswiseProcess.RunAsync(TimeSpan.FromMinutes(3), "quickstart", "--minutes", "1", "--out", run.Out, "--json");

        Assert.True(code == 0, output);
        Assert.Equal(8, Regex.Count(output, "done by an earlier run"));
        using var json = System.Text.Json.JsonDocument.Parse(output.Split('\n').Single(l => l.StartsWith("{\"out_directory\"", StringComparison.Ordinal)));
        Assert.Equal(Path.Combine(run.Out, "report.html"), json.RootElement.GetProperty("report").GetString());
        Assert.Equal(8, json.RootElement.GetProperty("stages").EnumerateArray().Count(st => st.GetProperty("resumed").GetBoolean()));
        Assert.NotEmpty(json.RootElement.GetProperty("summary").EnumerateArray());
        Assert.Equal(samples, File.ReadAllText(Path.Combine(run.Out, "samples", "index.csv")));
        Assert.True(File.Exists(Path.Combine(run.Out, "report.html")));
    }

    [GeneratedRegex("<img src=\"([^\"]+)\"")]
    private static partial Regex ImageSource();

    [GeneratedRegex("<a href=\"([^\"]+)\"")]
    private static partial Regex LinkTarget();
}

[Collection(SamplingProcesses.Name)]
public class QuickstartInterruptTests
{
    [Fact]
    public async Task Ctrl_C_stops_every_process_it_started_and_keeps_the_finished_stages()
    {
        using var dir = new TempDirectory();
        var tag = Guid.NewGuid().ToString("N");
        var output = Path.Combine(dir.Path, "qs");
        using var quickstart = FaaswiseProcess.StartWith(new Dictionary<string, string> { ["FAASWISE_TEST_TAG"] = tag }, "quickstart", "--minutes", "1", "--out", output);
        await quickstart.WaitForOutputAsync("[3/9] sampling pairs of functions...", TimeSpan.FromMinutes(4));
        await quickstart.WaitForOutputAsync("sample: [", TimeSpan.FromMinutes(1));

        quickstart.Interrupt();

        var code = await quickstart.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(code == 130, $"exit {code}:\n{quickstart.Output}");
        Assert.Contains("run the same command again to resume", quickstart.Output, StringComparison.Ordinal);
        // A child may still be in the kernel's exit path when the parent returns: wait for the tagged processes to go.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (ProcessesTagged(tag).Count > 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Empty(ProcessesTagged(tag));
        Assert.True(File.Exists(Path.Combine(output, ".quickstart", "profile.done")));
        Assert.True(File.Exists(Path.Combine(output, "groups", "group_list.json")));
        Assert.False(File.Exists(Path.Combine(output, ".quickstart", "sample.done")));
        Assert.NotEmpty(File.ReadAllLines(Path.Combine(output, "profile", "index.csv")));
    }

    private static List<int> ProcessesTagged(string tag)
    {
        var found = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "environ")).Contains("FAASWISE_TEST_TAG=" + tag, StringComparison.Ordinal)) found.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
