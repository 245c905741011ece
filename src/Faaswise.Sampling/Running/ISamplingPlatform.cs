namespace Faaswise.Sampling.Running;

/// <summary>The FaaS platform a run drives: the embedded gateway or OpenFaaS.</summary>
public interface ISamplingPlatform
{
    /// <summary>What it is, for the manifest and messages.</summary>
    string Description { get; }

    /// <summary>Deploys (or checks) the functions of a tuple and waits until each is ready.</summary>
    Task EnsureDeployedAsync(IReadOnlyList<string> functions, CancellationToken cancellation);

    /// <summary>Replicas of each function now.</summary>
    Task<IReadOnlyDictionary<string, int>> ReplicasAsync(IReadOnlyList<string> functions, CancellationToken cancellation);

    /// <summary>The URL that invokes a function.</summary>
    Uri FunctionUrl(string name);
}
