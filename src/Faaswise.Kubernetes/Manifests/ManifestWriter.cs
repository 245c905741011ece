using System.Text;
using Faaswise.Kubernetes.Certificates;
using k8s;
using k8s.Models;

namespace Faaswise.Kubernetes.Manifests;

/// <summary>
/// The deployable YAML of QShuf on Kubernetes, as KubernetesClient's own models serialise it: the webhook (namespace,
/// service account, RBAC that reads pods and Deployments of the function namespace, the TLS Secret, the world
/// ConfigMap, Deployment, Service and the MutatingWebhookConfiguration with the CA bundle) and the controller (its
/// account with only the verbs it uses, its Deployment of two replicas that elect a leader, and the router's Service,
/// which reaches the leader alone because only the leader passes /readyz).
/// </summary>
public static class ManifestWriter
{
    /// <summary>The objects in apply order.</summary>
    public static IReadOnlyList<object> Objects(ManifestOptions options, string certificateDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ca = File.ReadAllText(Path.Combine(certificateDirectory, WebhookCertificates.CaCertFile));
        var crt = File.ReadAllText(Path.Combine(certificateDirectory, WebhookCertificates.CertFile));
        var key = File.ReadAllText(Path.Combine(certificateDirectory, WebhookCertificates.KeyFile));
        var name = options.Service;
        var ns = options.Namespace;
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = name, ["app.kubernetes.io/part-of"] = "faaswise" };
        V1ObjectMeta Meta(string n, string? inNs = null) => new() { Name = n, NamespaceProperty = inNs, Labels = new Dictionary<string, string>(labels) };
        return
        [
            new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = Meta(ns) },
            new V1ServiceAccount { ApiVersion = "v1", Kind = "ServiceAccount", Metadata = Meta(name, ns) },
            new V1Role
            {
                ApiVersion = "rbac.authorization.k8s.io/v1", Kind = "Role", Metadata = Meta(name, options.FunctionNamespace),
                Rules =
                [
                    new V1PolicyRule { ApiGroups = [""], Resources = ["pods"], Verbs = ["get", "list", "watch"] },
                    new V1PolicyRule { ApiGroups = ["apps"], Resources = ["deployments"], Verbs = ["get", "list", "watch"] },
                ],
            },
            new V1RoleBinding
            {
                ApiVersion = "rbac.authorization.k8s.io/v1", Kind = "RoleBinding", Metadata = Meta(name, options.FunctionNamespace),
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = name },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = name, NamespaceProperty = ns }],
            },
            new V1Secret
            {
                ApiVersion = "v1", Kind = "Secret", Metadata = Meta($"{name}-tls", ns), Type = "kubernetes.io/tls",
                Data = new Dictionary<string, byte[]> { ["tls.crt"] = Encoding.ASCII.GetBytes(crt), ["tls.key"] = Encoding.ASCII.GetBytes(key), ["ca.crt"] = Encoding.ASCII.GetBytes(ca) },
            },
            new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = Meta($"{name}-world", ns), Data = new Dictionary<string, string> { ["world.yaml"] = options.WorldYaml } },
            WebhookDeployment(options, Meta(name, ns), labels),
            new V1Service
            {
                ApiVersion = "v1", Kind = "Service", Metadata = Meta(name, ns),
                Spec = new V1ServiceSpec { Selector = labels, Ports = [new V1ServicePort { Name = "https", Port = 443, TargetPort = 8443 }] },
            },
            Webhook(options, Meta(name), ca),
            .. Controller(options),
        ];
    }

    private static IEnumerable<object> Controller(ManifestOptions options)
    {
        var name = options.Controller;
        var ns = options.Namespace;
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = name, ["app.kubernetes.io/part-of"] = "faaswise" };
        V1ObjectMeta Meta(string n, string? inNs = null) => new() { Name = n, NamespaceProperty = inNs, Labels = new Dictionary<string, string>(labels) };
        var subjects = new List<Rbacv1Subject> { new() { Kind = "ServiceAccount", Name = name, NamespaceProperty = ns } };
        V1RoleBinding Binding(string inNs) => new()
        {
            ApiVersion = "rbac.authorization.k8s.io/v1", Kind = "RoleBinding", Metadata = Meta(name, inNs),
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = name }, Subjects = subjects,
        };
        return
        [
            new V1ServiceAccount { ApiVersion = "v1", Kind = "ServiceAccount", Metadata = Meta(name, ns) },
            new V1ClusterRole
            {
                ApiVersion = "rbac.authorization.k8s.io/v1", Kind = "ClusterRole", Metadata = Meta(name),
                Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["nodes"], Verbs = ["get", "list", "watch"] }],
            },
            new V1ClusterRoleBinding
            {
                ApiVersion = "rbac.authorization.k8s.io/v1", Kind = "ClusterRoleBinding", Metadata = Meta(name),
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = name }, Subjects = subjects,
            },
            new V1Role
            {
                ApiVersion = "rbac.authorization.k8s.io/v1", Kind = "Role", Metadata = Meta(name, options.FunctionNamespace),
                Rules =
                [
                    new V1PolicyRule { ApiGroups = [""], Resources = ["pods"], Verbs = ["get", "list", "watch", "patch"] },
                    new V1PolicyRule { ApiGroups = [""], Resources = ["pods/binding"], Verbs = ["create"] },
                    new V1PolicyRule { ApiGroups = [""], Resources = ["pods/status"], Verbs = ["patch"] },
                    new V1PolicyRule { ApiGroups = [""], Resources = ["pods/proxy"], Verbs = ["get"] },
                    new V1PolicyRule { ApiGroups = ["apps"], Resources = ["deployments"], Verbs = ["get", "list", "watch", "patch"] },
                    new V1PolicyRule { ApiGroups = ["events.k8s.io"], Resources = ["events"], Verbs = ["create"] },
                ],
            },
            Binding(options.FunctionNamespace),
            new V1Role
            {
                ApiVersion = "rbac.authorization.k8s.io/v1", Kind = "Role", Metadata = Meta(name, ns),
                Rules = [new V1PolicyRule { ApiGroups = ["coordination.k8s.io"], Resources = ["leases"], Verbs = ["get", "create", "update"] }],
            },
            Binding(ns),
            ControllerDeployment(options, Meta(name, ns), labels),
            new V1Service
            {
                ApiVersion = "v1", Kind = "Service", Metadata = Meta(options.Router, ns),
                Spec = new V1ServiceSpec { Selector = labels, Ports = [new V1ServicePort { Name = "http", Port = 8080, TargetPort = 8080 }] },
            },
        ];
    }

    /// <summary>The objects as one multi-document YAML stream.</summary>
    public static string Yaml(ManifestOptions options, string certificateDirectory) =>
        string.Join("---\n", Objects(options, certificateDirectory).Select(o => KubernetesYaml.Serialize(o).TrimEnd() + "\n"));

    private static V1Deployment ControllerDeployment(ManifestOptions options, V1ObjectMeta meta, Dictionary<string, string> labels) => Deployment(meta, labels, options.Controller,
        new V1Container
        {
            Name = "controller",
            Image = options.Image,
            Command = ["faaswise"],
            Args = ["qshuf", "controller", "--world", "/etc/faaswise/world/world.yaml", "--policy", options.Policy, "--function-namespace", options.FunctionNamespace,
                "--scheduler-name", options.SchedulerName, "--lease-namespace", options.Namespace, "--listen", "0.0.0.0", "--port", "8080", "--in-cluster"],
            Env = [new V1EnvVar { Name = "POD_NAME", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } }],
            Ports = [new V1ContainerPort { Name = "http", ContainerPort = 8080 }],
            ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/readyz", Port = 8080 }, PeriodSeconds = 1 },
            LivenessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/healthz", Port = 8080 }, PeriodSeconds = 10 },
            Resources = Resources("500m", "256Mi", "512Mi"),
            VolumeMounts = [new V1VolumeMount { Name = "world", MountPath = "/etc/faaswise/world", ReadOnlyProperty = true }],
        },
        [new V1Volume { Name = "world", ConfigMap = new V1ConfigMapVolumeSource { Name = $"{options.Service}-world" } }]);

    private static V1Deployment WebhookDeployment(ManifestOptions options, V1ObjectMeta meta, Dictionary<string, string> labels) => Deployment(meta, labels, options.Service,
        new V1Container
        {
            Name = "webhook",
            Image = options.Image,
            Command = ["faaswise"],
            Args = ["qshuf", "webhook", "--tls-dir", "/etc/faaswise/tls", "--world", "/etc/faaswise/world/world.yaml", "--policy", options.Policy,
                "--function-namespace", options.FunctionNamespace, "--scheduler-name", options.SchedulerName, "--listen", "0.0.0.0", "--port", "8443", "--in-cluster"],
            Ports = [new V1ContainerPort { Name = "https", ContainerPort = 8443 }],
            ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/healthz", Port = 8443, Scheme = "HTTPS" }, PeriodSeconds = 2 },
            Resources = Resources("100m", "128Mi", "256Mi"),
            VolumeMounts =
            [
                new V1VolumeMount { Name = "tls", MountPath = "/etc/faaswise/tls", ReadOnlyProperty = true },
                new V1VolumeMount { Name = "world", MountPath = "/etc/faaswise/world", ReadOnlyProperty = true },
            ],
        },
        [
            new V1Volume { Name = "tls", Secret = new V1SecretVolumeSource { SecretName = $"{options.Service}-tls" } },
            new V1Volume { Name = "world", ConfigMap = new V1ConfigMapVolumeSource { Name = $"{options.Service}-world" } },
        ]);

    /// <summary>Two replicas of one container under a service account.</summary>
    private static V1Deployment Deployment(V1ObjectMeta meta, Dictionary<string, string> labels, string account, V1Container container, List<V1Volume> volumes) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = meta,
        Spec = new V1DeploymentSpec
        {
            Replicas = 2,
            Selector = new V1LabelSelector { MatchLabels = labels },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = labels },
                Spec = new V1PodSpec { ServiceAccountName = account, Containers = [container], Volumes = volumes },
            },
        },
    };

    private static V1ResourceRequirements Resources(string cpu, string memory, string memoryLimit) => new()
    {
        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new(memory) },
        Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new(memoryLimit) },
    };

    private static V1MutatingWebhookConfiguration Webhook(ManifestOptions options, V1ObjectMeta meta, string caPem) => new()
    {
        ApiVersion = "admissionregistration.k8s.io/v1",
        Kind = "MutatingWebhookConfiguration",
        Metadata = meta,
        Webhooks =
        [
            new V1MutatingWebhook
            {
                Name = "place.qshuf.faaswise.io",
                AdmissionReviewVersions = ["v1"],
                SideEffects = "NoneOnDryRun",
                FailurePolicy = options.FailurePolicy,
                TimeoutSeconds = options.TimeoutSeconds,
                ReinvocationPolicy = "Never",
                ClientConfig = new Admissionregistrationv1WebhookClientConfig
                {
                    CaBundle = Encoding.ASCII.GetBytes(caPem),
                    Service = new Admissionregistrationv1ServiceReference { Name = options.Service, NamespaceProperty = options.Namespace, Path = "/mutate", Port = 443 },
                },
                Rules = [new V1RuleWithOperations { Operations = ["CREATE"], ApiGroups = [""], ApiVersions = ["v1"], Resources = ["pods"], Scope = "Namespaced" }],
                NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = options.FunctionNamespace } },
                ObjectSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [PodLabels.OptIn] = "true" } },
            },
        ],
    };
}
