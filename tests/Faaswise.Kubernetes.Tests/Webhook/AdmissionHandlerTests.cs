using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Admission;
using Faaswise.Kubernetes.Testing.Api;
using Faaswise.Kubernetes.Testing.Store;

namespace Faaswise.Kubernetes.Tests.Webhook;

/// <summary>The webhook's answers (reference/qshuf.md F3, acceptance A3.1-A3.5) and its JSONPatch hygiene.</summary>
public sealed class AdmissionHandlerTests
{
    [Fact]
    public void Qshuf_ThreeAdmissions_FollowTheRoundRobinPlan_PerFunction()
    {
        var (handler, ledger) = Reviews.Handler("qshuf");

        var gpus = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            var pod = Reviews.Patched(Reviews.Pod("resnet-50"), handler.Review(Reviews.Review(Reviews.Pod("resnet-50"), uid: $"uid-{i}-resnet50")));
            gpus.Add(Metadata.Annotations(pod)[PodLabels.Gpu] + "/" + Metadata.Labels(pod)[PodLabels.Slot]);
        }

        var other = Reviews.Patched(Reviews.Pod("bert"), handler.Review(Reviews.Review(Reviews.Pod("bert"), uid: "uid-bert-0")));

        var world = ledger.World;
        var f = world.FunctionIndex("resnet-50");
        var plan = Faaswise.Qshuf.Policies.QshufPlacement.Plan(world.Functions.Count, world.Gpus.Count, new Faaswise.Qshuf.Policies.QshufAutoscaler().MaxReplicas)[f];
        Assert.Equal(Enumerable.Range(0, 3).Select(k => $"{world.Gpus[plan[k].Gpu].Uuid}/{k}"), gpus);
        Assert.Equal("0", Metadata.Labels(other)[PodLabels.Slot]);
        Assert.Equal(3 + 1, ledger.Assumed);
    }

    [Fact]
    public void Patch_AppliesToARealisticPod_AndKeepsEnvVolumesMountsAndMemory()
    {
        var (handler, _) = Reviews.Handler("qshuf");
        var pod = Reviews.Pod("resnet-18");

        var answer = handler.Review(Reviews.Review(pod));
        var patched = Reviews.Patched(pod, answer);
        var container = patched["spec"]!["containers"]![0]!;

        Assert.True(answer.Allowed);
        Assert.Equal("5s", Reviews.Env(patched, "read_timeout"));
        Assert.Equal("cuda", Reviews.Env(patched, "infer_device"));
        Assert.Single((JsonArray)container["env"]!, e => e!["name"]!.GetValue<string>() == "infer_device");
        Assert.Contains((JsonArray)container["volumeMounts"]!, m => m!["mountPath"]!.GetValue<string>() == ServiceAccountTokens.MountPath);
        Assert.Contains((JsonArray)patched["spec"]!["volumes"]!, v => v!["name"]!.GetValue<string>() == "kube-api-access-x7k2p");
        Assert.Equal("4Gi", container["resources"]!["limits"]!["memory"]!.GetValue<string>());
        Assert.Equal("1", container["resources"]!["limits"]!["cpu"]!.GetValue<string>());
        Assert.Equal("/loaded", container["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
        Assert.Equal("false", Metadata.Annotations(patched)["prometheus.io.scrape"]);
        Validation.Validate(ResourceType.Pods, Named(patched));
    }

    [Fact]
    public void GpuPod_GetsBothGpuVariablesTheLabelsAndTheNode_ByUuid()
    {
        var (handler, ledger) = Reviews.Handler("qshuf");

        var patched = Reviews.Patched(Reviews.Pod("bert"), handler.Review(Reviews.Review(Reviews.Pod("bert"))));

        var uuid = Metadata.Annotations(patched)[PodLabels.Gpu];
        var gpu = ledger.World.Gpus.Select(g => g.Uuid).ToList().IndexOf(uuid);
        Assert.Equal(uuid, Reviews.Env(patched, "NVIDIA_VISIBLE_DEVICES"));
        Assert.Equal(uuid, Reviews.Env(patched, "CUDA_VISIBLE_DEVICES"));
        Assert.Equal("cuda", Metadata.Labels(patched)[PodLabels.InferDevice]);
        Assert.Equal("False", Metadata.Labels(patched)[PodLabels.Reserve]);
        Assert.Equal("False", Reviews.Env(patched, "reserve"));
        Assert.Equal("1.0", Reviews.Env(patched, "TIMEOUT_FACTOR"));
        Assert.Equal(ledger.World.Nodes[ledger.World.GpuNode[gpu]].Name, patched["spec"]!["nodeSelector"]!["kubernetes.io/hostname"]!.GetValue<string>());
    }

    [Fact]
    public void ReservePod_WithModelInHostMemory_IsLabelledCpuAndReserve()
    {
        var (handler, _) = Reviews.Handler("qshuf");
        Reviews.Patched(Reviews.Pod("bert"), handler.Review(Reviews.Review(Reviews.Pod("bert"), uid: "first")));

        var second = Reviews.Patched(Reviews.Pod("bert"), handler.Review(Reviews.Review(Reviews.Pod("bert"), uid: "second")));

        Assert.Equal("cpu", Metadata.Labels(second)[PodLabels.InferDevice]);
        Assert.Equal("True", Metadata.Labels(second)[PodLabels.Reserve]);
        Assert.Equal("True", Reviews.Env(second, "reserve"));
    }

    [Fact]
    public void WholeGpuBinding_RequestsOneGpu_WithTheKeyEscaped_AndNoPinning()
    {
        var (handler, _) = Reviews.Handler("qshuf", new WebhookOptions { Binding = GpuBinding.WholeGpu });
        var answer = handler.Review(Reviews.Review(Reviews.Pod("bert")));

        var patched = Reviews.Patched(Reviews.Pod("bert"), answer);

        Assert.Contains("/spec/containers/0/resources/limits/nvidia.com~1gpu", Reviews.PatchJson(answer), StringComparison.Ordinal);
        Assert.Equal("1", patched["spec"]!["containers"]![0]!["resources"]!["requests"]!["nvidia.com/gpu"]!.GetValue<string>());
        Assert.Null(Reviews.Env(patched, "NVIDIA_VISIBLE_DEVICES"));
    }

    [Fact]
    public void SchedulerName_ReplacesTheNodeSelector()
    {
        var (handler, _) = Reviews.Handler("qshuf", new WebhookOptions { SchedulerName = "faaswise-scheduler" });

        var patched = Reviews.Patched(Reviews.Pod("bert"), handler.Review(Reviews.Review(Reviews.Pod("bert"))));

        Assert.Equal("faaswise-scheduler", patched["spec"]!["schedulerName"]!.GetValue<string>());
        Assert.Null(patched["spec"]!["nodeSelector"]);
        Assert.True(Metadata.Annotations(patched).ContainsKey(PodLabels.Node));
    }

    [Fact]
    public void MemoryAware_CountsItsOwnAdmissions_BeforeAnyPodIsSeen_ThenRefusesWhatDoesNotFit()
    {
        var world = Reviews.World(Reviews.WorldYaml.Replace("memory_gb: 24", "memory_gb: 20", StringComparison.Ordinal));
        var (handler, _) = Reviews.Handler("pinned", world: world);

        var answers = Enumerable.Range(0, 6).Select(i => handler.Review(Reviews.Review(Reviews.Pod("llama2-7b"), uid: $"u{i}"))).ToList();

        Assert.Equal([true, true, true, false, false, false], answers.Select(a => a.Allowed));
        var gpus = answers.Take(3).Select(a => Metadata.Annotations(Reviews.Patched(Reviews.Pod("llama2-7b"), a))[PodLabels.Gpu]).ToList();
        Assert.Equal(3, gpus.Distinct().Count());
        Assert.Equal(403, answers[3].Code);
        Assert.Contains("no GPU has room for llama2-7b", answers[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unplaceable_WhenAllowed_PassesUnchangedWithAWarning()
    {
        var world = Reviews.World(Reviews.WorldYaml.Replace("memory_gb: 24", "memory_gb: 4", StringComparison.Ordinal));
        var (handler, _) = Reviews.Handler("pinned", new WebhookOptions { DenyUnplaceable = false }, world);

        var answer = handler.Review(Reviews.Review(Reviews.Pod("llama2-7b")));

        Assert.True(answer.Allowed);
        Assert.Null(answer.Patch);
        Assert.Contains("no GPU has room", Assert.Single(answer.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void DryRun_PlacesButAssumesNothing()
    {
        var (handler, ledger) = Reviews.Handler("qshuf");

        var answer = handler.Review(Reviews.Review(Reviews.Pod("bert"), dryRun: true));

        Assert.NotNull(answer.Patch);
        Assert.Equal(0, ledger.Assumed);
    }

    [Fact]
    public void UnknownFunction_IsAllowedWithAWarning_OrDeniedWhenConfigured()
    {
        var (allowing, _) = Reviews.Handler();
        var (denying, _) = Reviews.Handler(options: new WebhookOptions { DenyUnknown = true });

        var allowed = allowing.Review(Reviews.Review(Reviews.Pod("mystery")));
        var denied = denying.Review(Reviews.Review(Reviews.Pod("mystery")));

        Assert.True(allowed.Allowed);
        Assert.Null(allowed.Patch);
        Assert.Contains("function mystery is not in the cluster's world", Assert.Single(allowed.Warnings), StringComparison.Ordinal);
        Assert.False(denied.Allowed);
        Assert.Equal(403, denied.Code);
    }

    [Fact]
    public void PodsWithoutTheOptIn_OrInAnotherNamespace_AreLeftAlone()
    {
        var (handler, ledger) = Reviews.Handler();
        var other = Reviews.Review(Reviews.Pod("bert"));
        other["request"]!["namespace"] = "faaswise";

        var unlabelled = handler.Review(Reviews.Review(Reviews.Pod("bert", optIn: false)));
        var elsewhere = handler.Review(other);

        Assert.True(unlabelled.Allowed && elsewhere.Allowed);
        Assert.Null(unlabelled.Patch);
        Assert.Null(elsewhere.Patch);
        Assert.Equal(0, ledger.Assumed);
    }

    [Fact]
    public void TheDocumentationsScaleUpdateSample_IsAllowedUnchanged()
    {
        var (handler, _) = Reviews.Handler();
        const string sample = """
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"705ab4f5-6393-11e8-b7cc-42010a800002",
            "kind":{"group":"autoscaling","version":"v1","kind":"Scale"},"resource":{"group":"apps","version":"v1","resource":"deployments"},
            "subResource":"scale","requestKind":{"group":"autoscaling","version":"v1","kind":"Scale"},
            "requestResource":{"group":"apps","version":"v1","resource":"deployments"},"requestSubResource":"scale","name":"my-deployment",
            "namespace":"my-namespace","operation":"UPDATE","userInfo":{"username":"admin","uid":"014fbff9a07c","groups":["system:authenticated","my-admin-group"],
            "extra":{"some-key":["some-value1","some-value2"]}},"object":{"apiVersion":"autoscaling/v1","kind":"Scale"},
            "oldObject":{"apiVersion":"autoscaling/v1","kind":"Scale"},"options":{"apiVersion":"meta.k8s.io/v1","kind":"UpdateOptions"},"dryRun":false}}
            """;

        var answer = handler.Review(sample);

        Assert.True(answer.Allowed);
        Assert.Equal("705ab4f5-6393-11e8-b7cc-42010a800002", answer.Uid);
        Assert.Null(answer.Patch);
    }

    [Theory]
    [InlineData("not json at all", "")]
    [InlineData("[]", "")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","request":{"uid":"u1"}}""", "u1")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}""", "")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u2","kind":{"group":"","version":"v1","kind":"Pod"},"operation":"CREATE","namespace":"openfaas-fn","object":"nope"}}""", "u2")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u3","kind":{"group":"","version":"v1","kind":"Pod"},"operation":"CREATE","namespace":"openfaas-fn","object":{"metadata":{"labels":{"faaswise.io/qshuf":"true","faas_function":"bert"}},"spec":{}}}}""", "u3")]
    public void MalformedReviews_AreRefusedWith400_NeverThrown(string body, string uid)
    {
        var (handler, _) = Reviews.Handler();

        var answer = handler.Review(body);
        var review = answer.ToReview();

        Assert.False(answer.Allowed);
        Assert.Equal(400, answer.Code);
        Assert.Equal(uid, answer.Uid);
        Assert.Equal("AdmissionReview", review["kind"]!.GetValue<string>());
    }

    private static JsonObject Named(JsonObject pod)
    {
        var copy = (JsonObject)pod.DeepClone();
        copy["metadata"]!["name"] = "resnet-18-5d8f7c9b4-abcde";
        return copy;
    }
}
