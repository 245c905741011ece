using Faaswise.Kubernetes.Testing.Store;

namespace Faaswise.Kubernetes.Testing.Api;

/// <summary>A resource request's path, read: <c>/api/v1/namespaces/NS/pods/NAME/SUB/REST</c> or <c>/apis/G/V/...</c>.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Namespace">The namespace in the path, or null.</param>
/// <param name="Name">The object's name, or null for the collection.</param>
/// <param name="Subresource">status, binding, scale, proxy..., or null.</param>
/// <param name="Rest">For proxy: the path after <c>proxy/</c>.</param>
public sealed record ApiRoute(ResourceType Resource, string? Namespace, string? Name, string? Subresource, string Rest)
{
    /// <summary>Reads a path, or returns null when it names no served resource.</summary>
    public static ApiRoute? Parse(string path)
    {
        var segments = path.Trim('/').Split('/');
        string group, version;
        int at;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            (group, version, at) = ("", segments[1], 2);
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            (group, version, at) = (segments[1], segments[2], 3);
        }
        else
        {
            return null;
        }

        var rest = segments[at..];
        string? ns = null;
        if (rest.Length >= 3 && rest[0] == "namespaces" && ResourceType.Find(group, version, rest[2]) is { Namespaced: true })
        {
            ns = Uri.UnescapeDataString(rest[1]);
            rest = rest[2..];
        }

        var resource = ResourceType.Find(group, version, rest[0]);
        if (resource is null || (resource.Namespaced && ns is null && rest.Length > 1)) return null;
        var name = rest.Length > 1 ? Uri.UnescapeDataString(rest[1]) : null;
        var sub = rest.Length > 2 ? rest[2] : null;
        var tail = rest.Length > 3 ? string.Join('/', rest[3..]) : "";
        return new ApiRoute(resource, ns, name, sub, tail);
    }
}
