using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Testing.Store;
using Microsoft.AspNetCore.Http;

namespace Faaswise.Kubernetes.Testing.Api;

/// <summary>A list or watch request's selectors and paging.</summary>
public sealed record ListQuery(Func<JsonObject, bool> Filter, int Limit, string? After)
{
    private static readonly HashSet<string> PodFields =
    [
        "metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
        "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName",
    ];

    private static readonly HashSet<string> ObjectFields = ["metadata.name", "metadata.namespace"];

    /// <summary>Reads labelSelector, fieldSelector, limit and continue.</summary>
    public static ListQuery From(IQueryCollection q, ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(type);
        var labels = Selectors.ParseLabels(q["labelSelector"]);
        var fields = Selectors.ParseFields(q["fieldSelector"], type.Kind == "Pod" ? PodFields : ObjectFields);
        var limit = int.TryParse(q["limit"], CultureInfo.InvariantCulture, out var l) && l > 0 ? l : int.MaxValue;
        string? after = null;
        if (q["continue"].ToString() is { Length: > 0 } token)
        {
            try
            {
                after = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            }
            catch (FormatException)
            {
                throw ApiException.BadRequest("continue key is not valid: illegal base64 data");
            }
        }

        return new ListQuery(o => labels(Metadata.Labels(o)) && fields(o), limit, after);
    }

    /// <summary>The page of matching items and the continue token for the next page, or null when this is the last.</summary>
    public (List<JsonObject> Page, string? Continue) Page(IEnumerable<JsonObject> items)
    {
        var page = new List<JsonObject>();
        string? next = null;
        foreach (var o in items.Where(Filter))
        {
            var key = $"{Metadata.Namespace(o)}/{Metadata.Name(o)}";
            if (After is not null && string.CompareOrdinal(key, After) <= 0) continue;
            if (page.Count == Limit)
            {
                var lastKey = $"{Metadata.Namespace(page[^1])}/{Metadata.Name(page[^1])}";
                next = Convert.ToBase64String(Encoding.UTF8.GetBytes(lastKey));
                break;
            }

            page.Add(o);
        }

        return (page, next);
    }
}
