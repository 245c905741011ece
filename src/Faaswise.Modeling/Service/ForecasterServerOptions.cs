namespace Faaswise.Modeling.Service;

/// <summary>Where the forecaster service listens and what it serves.</summary>
public sealed record ForecasterServerOptions
{
    /// <summary>The model directory (reloaded from the same path by <c>POST /reload</c>).</summary>
    public required string ModelDirectory { get; init; }

    /// <summary>Address to listen on.</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>Port; 0 picks a free one. The DFaaS agent's default is 8000.</summary>
    public int Port { get; init; } = 8000;

    /// <summary>Which model the agent endpoints answer with: regression, quantile005 or quantile095.</summary>
    public string ModelType { get; init; } = "regression";
}
