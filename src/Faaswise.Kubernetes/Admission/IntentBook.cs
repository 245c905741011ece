using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Control;

namespace Faaswise.Kubernetes.Admission;

/// <summary>The placement intents on the function Deployments, kept by a deployment informer, for the webhook.</summary>
public sealed class IntentBook(Func<string, CancellationToken, Task<JsonObject?>>? fetch = null)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IReadOnlyList<PlacementIntent>> _byFunction = new(StringComparer.Ordinal);

    /// <summary>A Deployment was added or changed (the function is its faas_function label, else its name).</summary>
    public void Observe(JsonObject deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var meta = deployment["metadata"] as JsonObject;
        var function = Text(meta?["labels"]?[PodLabels.Function]) ?? Text(meta?["name"]);
        if (function is null) return;
        var intents = PlacementIntent.Parse(Text(meta?["annotations"]?[PodLabels.Intents]));
        lock (_gate) _byFunction[function] = intents;
    }

    /// <summary>A Deployment was deleted.</summary>
    public void Forget(JsonObject deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var meta = deployment["metadata"] as JsonObject;
        if ((Text(meta?["labels"]?[PodLabels.Function]) ?? Text(meta?["name"])) is not { } function) return;
        lock (_gate) _byFunction.Remove(function);
    }

    /// <summary>Every Deployment is replaced (after a relist).</summary>
    public void Reset(IReadOnlyList<JsonObject> deployments)
    {
        ArgumentNullException.ThrowIfNull(deployments);
        lock (_gate) _byFunction.Clear();
        foreach (var d in deployments) Observe(d);
    }

    /// <summary>
    /// Reads the function's Deployment from the API server: the ReplicaSet controller can create a pod for a new
    /// intent before the informer delivers the Deployment that carries it, so a pod with no intent in the cache makes
    /// the webhook look again. Without a way to fetch, nothing.
    /// </summary>
    public async Task RefreshAsync(string function, CancellationToken cancellation)
    {
        if (fetch is null) return;
        if (await fetch(function, cancellation).ConfigureAwait(false) is { } deployment) Observe(deployment);
    }

    /// <summary>The oldest intent of a function, unexpired at <paramref name="now"/> (unix seconds), that <paramref name="taken"/> does not claim.</summary>
    public PlacementIntent? Next(string function, double now, Func<string, bool> taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        IReadOnlyList<PlacementIntent> intents;
        lock (_gate) intents = _byFunction.GetValueOrDefault(function) ?? [];
        return intents.Where(i => i.Expires > now && !taken(i.Id)).OrderBy(i => i.Since).FirstOrDefault();
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
