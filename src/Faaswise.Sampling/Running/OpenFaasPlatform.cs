using Faaswise.OpenFaas.Api;
using Faaswise.OpenFaas.Client;

namespace Faaswise.Sampling.Running;

/// <summary>
/// A platform behind the OpenFaaS gateway API (the embedded gateway or OpenFaaS itself). A function that is not
/// deployed is deployed from <paramref name="imageFor"/> when it gives an image, else the run stops with a reason.
/// </summary>
public sealed class OpenFaasPlatform(OpenFaasClient client, Uri gateway, Func<string, string?> imageFor, TimeSpan readyTimeout) : ISamplingPlatform
{
    /// <inheritdoc />
    public string Description => $"openfaas {gateway}";

    /// <inheritdoc />
    public async Task EnsureDeployedAsync(IReadOnlyList<string> functions, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(functions);
        foreach (var name in functions)
        {
            if (await client.GetFunctionAsync(name, null, cancellation).ConfigureAwait(false) is not null) continue;
            var image = imageFor(name) ?? throw new InvalidOperationException($"{name} is not deployed on {gateway} (deploy it first, e.g. faas-cli store deploy {name})");
            await client.DeployAsync(new FunctionDeployment { Service = name, Image = image }, cancellation).ConfigureAwait(false);
        }

        foreach (var name in functions) await client.WaitUntilReadyAsync(name, readyTimeout, 1, null, null, cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, int>> ReplicasAsync(IReadOnlyList<string> functions, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var all = await client.ListFunctionsAsync(null, cancellation).ConfigureAwait(false);
        return functions.ToDictionary(f => f, f => (int)(all.FirstOrDefault(s => s.Name == f)?.Replicas ?? 0));
    }

    /// <inheritdoc />
    public Uri FunctionUrl(string name) => new(gateway, $"function/{name}");
}
