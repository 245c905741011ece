namespace Faaswise.Kubernetes.Testing.Store;

/// <summary>One REST resource the test cluster serves: where it lives in the API and what it is called.</summary>
/// <param name="Group">API group ("" for the core group).</param>
/// <param name="Version">API version.</param>
/// <param name="Plural">Resource name in paths (pods).</param>
/// <param name="Kind">Kind in objects (Pod).</param>
/// <param name="Namespaced">Whether objects live in a namespace.</param>
/// <param name="HasStatus">Whether it has a status subresource, so writes to the main resource keep the stored status.</param>
/// <param name="ShortNames">Short names kubectl accepts.</param>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind, bool Namespaced, bool HasStatus = false, params string[] ShortNames)
{
    /// <summary>apiVersion as objects write it (v1, apps/v1).</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Singular name, as discovery lists it.</summary>
    public string Singular => Kind.ToLowerInvariant();

    /// <summary>Every resource the test cluster serves.</summary>
    public static IReadOnlyList<ResourceType> All { get; } =
    [
        new("", "v1", "namespaces", "Namespace", false, true, "ns"),
        new("", "v1", "nodes", "Node", false, true, "no"),
        new("", "v1", "pods", "Pod", true, true, "po"),
        new("", "v1", "services", "Service", true, true, "svc"),
        new("", "v1", "endpoints", "Endpoints", true, false, "ep"),
        new("", "v1", "configmaps", "ConfigMap", true, false, "cm"),
        new("", "v1", "secrets", "Secret", true),
        new("", "v1", "serviceaccounts", "ServiceAccount", true, false, "sa"),
        new("", "v1", "events", "Event", true, false, "ev"),
        new("apps", "v1", "deployments", "Deployment", true, true, "deploy"),
        new("apps", "v1", "replicasets", "ReplicaSet", true, true, "rs"),
        new("coordination.k8s.io", "v1", "leases", "Lease", true),
        new("events.k8s.io", "v1", "events", "Event", true, false, "ev"),
        new("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", false),
        new("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false),
        new("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false),
        new("rbac.authorization.k8s.io", "v1", "roles", "Role", true),
        new("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true),
    ];

    /// <summary>The resource at a group, version and plural, or null.</summary>
    public static ResourceType? Find(string group, string version, string plural) =>
        All.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);

    /// <summary>The core pods resource.</summary>
    public static ResourceType Pods { get; } = Find("", "v1", "pods")!;

    /// <summary>The core nodes resource.</summary>
    public static ResourceType Nodes { get; } = Find("", "v1", "nodes")!;

    /// <summary>The core namespaces resource.</summary>
    public static ResourceType Namespaces { get; } = Find("", "v1", "namespaces")!;

    /// <summary>The core services resource.</summary>
    public static ResourceType Services { get; } = Find("", "v1", "services")!;

    /// <summary>The core endpoints resource.</summary>
    public static ResourceType Endpoints { get; } = Find("", "v1", "endpoints")!;

    /// <summary>apps/v1 deployments.</summary>
    public static ResourceType Deployments { get; } = Find("apps", "v1", "deployments")!;

    /// <summary>apps/v1 replicasets.</summary>
    public static ResourceType ReplicaSets { get; } = Find("apps", "v1", "replicasets")!;

    /// <summary>admissionregistration.k8s.io/v1 mutatingwebhookconfigurations.</summary>
    public static ResourceType MutatingWebhooks { get; } = Find("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations")!;

    /// <summary>Core events.</summary>
    public static ResourceType CoreEvents { get; } = Find("", "v1", "events")!;
}
