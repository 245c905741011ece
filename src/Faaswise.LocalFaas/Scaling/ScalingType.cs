namespace Faaswise.LocalFaas.Scaling;

/// <summary>What the autoscaler measures (<c>com.openfaas.scale.type</c>).</summary>
public enum ScalingType
{
    /// <summary>Requests per second, averaged over the load window.</summary>
    Rps,

    /// <summary>Requests in flight, averaged over the load window.</summary>
    Capacity,
}
