using System.Text.RegularExpressions;
using Faaswise.Runtime.Models;
using Faaswise.Runtime.Tensors;
using Faaswise.Testing;

namespace Faaswise.Runtime.Tests;

public sealed partial class GatewayTests
{
    [Fact]
    public async Task Resnet18_runs_behind_the_embedded_gateway_as_a_runtime_replica_and_no_process_outlives_the_gateway()
    {
        using var dir = new TempDirectory();
        var marker = Guid.NewGuid().ToString("N");
        var stack = dir.Write("stack.yml", $"provider:\n  name: openfaas\nfunctions:\n  resnet18:\n    image: faaswise/resnet18\n    environment:\n      FAASWISE_TEST_MARKER: {marker}\n");
        var password = dir.Write("password", "secret\n");
        var png = TestImages.Png(50, 70);
        var spec = new TensorSpec("Input247", "FP32", [1, 3, 224, 224]);
        var prepared = InferenceTests.InProcess(ModelSource.Builtins["resnet18"].PreprocessPath!, "OriginalInput", (float[])ImageInput.Decode(png, spec).Data, [1, 3, 224, 224]);
        var expected = InferenceTests.InProcess(TestModels.ResNet18, "Input247", prepared, [1, 3, 224, 224]);

        var gateway = RuntimeProcess.Launch("gateway", "--port", "0", "--stack", stack, "--password-file", password, "--no-autoscale");
        await using (gateway)
        {
            var url = Listening().Match(await gateway.WaitForLineAsync("gateway: listening on ", RuntimeProcess.StartTimeout)).Groups[1].Value;
            await gateway.WaitForLineAsync("gateway: ready: ", RuntimeProcess.StartTimeout);
            Assert.NotEmpty(ProcessesWith(marker));
            using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };

            using var response = await client.PostAsync("/function/resnet18", new ByteArrayContent(png));

            Assert.Equal(200, (int)response.StatusCode);
            var body = await RuntimeProcess.BodyAsync(response);
            var actual = body.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            Assert.All(expected.Zip(actual), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5 * Math.Max(1, Math.Abs(p.First))));
            Assert.Equal(0, await gateway.StopAsync());
        }

        Assert.Empty(ProcessesWith(marker));
    }

    /// <summary>Processes whose environment holds the marker (replicas inherit a function's environment).</summary>
    private static List<int> ProcessesWith(string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "environ")).Contains(marker, StringComparison.Ordinal)) found.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    [GeneratedRegex(@"listening on (http://\S+)")]
    private static partial Regex Listening();
}
