using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Admission;
using Faaswise.Kubernetes.Control;
using Faaswise.Kubernetes.Tests.Webhook;
using Faaswise.Qshuf.Decisions;
using Faaswise.Qshuf.Policies;

namespace Faaswise.Kubernetes.Tests.Controller;

/// <summary>The webhook giving the controller's start decisions (intents on the Deployment) to the pods they are for.</summary>
public sealed class IntentAdmissionTests
{
    [Fact]
    public async Task APodTakesTheOldestOpenIntent_OnceOnly_ADryRunTakesNone_AndWithoutOneThePolicyPlaces()
    {
        var world = Reviews.World();
        var bert = world.FunctionIndex("bert");
        var fetched = 0;
        var deployment = Deployment(PlacementIntent.Of(world, Decision.Start(bert, 2, onGpu: false, ready: false, reserve: true, "controller: reserve", 5), "bert-7", Now(), 90));
        var book = new IntentBook((_, _) =>
        {
            Interlocked.Increment(ref fetched);
            return Task.FromResult<JsonObject?>((JsonObject)deployment.DeepClone());
        });
        var ledger = new PlacementLedger(world, TimeProvider.System, TimeSpan.FromSeconds(30));
        var handler = new AdmissionHandler(PolicyCatalog.Create("qshuf")!.Placement, ledger, new WebhookOptions(), book);

        var dry = await handler.ReviewAsync(Reviews.Review(Reviews.Pod("bert"), uid: "u-0", dryRun: true).ToJsonString(), CancellationToken.None);
        var first = await handler.ReviewAsync(Reviews.Review(Reviews.Pod("bert"), uid: "u-1").ToJsonString(), CancellationToken.None);
        var second = await handler.ReviewAsync(Reviews.Review(Reviews.Pod("bert"), uid: "u-2").ToJsonString(), CancellationToken.None);

        var taken = Reviews.Patched(Reviews.Pod("bert"), first);
        Assert.Equal("bert-7", taken["metadata"]!["annotations"]![PodLabels.Intent]!.GetValue<string>());
        Assert.Equal(world.Gpus[2].Uuid, taken["metadata"]!["annotations"]![PodLabels.Gpu]!.GetValue<string>());
        Assert.Equal(("True", "cpu", "5"), (Label(taken, PodLabels.Reserve), Label(taken, PodLabels.InferDevice), Label(taken, PodLabels.Slot)));
        Assert.Equal("bert-7", Reviews.Patched(Reviews.Pod("bert"), dry)["metadata"]!["annotations"]![PodLabels.Intent]!.GetValue<string>());
        var placed = Reviews.Patched(Reviews.Pod("bert"), second);
        Assert.Null(placed["metadata"]!["annotations"]![PodLabels.Intent]);
        // The lowest free slot, the active one, although a pod with a later slot came first (a Deployment's own replica
        // admitted after the one the controller added for its reserve).
        Assert.Equal(("0", "False", "cuda"), (Label(placed, PodLabels.Slot), Label(placed, PodLabels.Reserve), Label(placed, PodLabels.InferDevice)));
        Assert.Equal(2, fetched); // the dry run (empty cache) and the second pod (its intent taken); the first found it cached
    }

    private static string? Label(JsonObject pod, string key) => pod["metadata"]!["labels"]![key]?.GetValue<string>();

    private static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    private static JsonObject Deployment(params PlacementIntent[] intents) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["name"] = "bert",
            ["labels"] = new JsonObject { [PodLabels.Function] = "bert" },
            ["annotations"] = new JsonObject { [PodLabels.Intents] = PlacementIntent.Format(intents) },
        },
    };
}
