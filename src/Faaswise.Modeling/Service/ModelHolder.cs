using Faaswise.Modeling.Forecasting;

namespace Faaswise.Modeling.Service;

/// <summary>The model a service answers with; a reload swaps it atomically and running requests keep the one they read.</summary>
public sealed class ModelHolder(ForecastModel model)
{
    private ForecastModel current = model;

    /// <summary>The current model.</summary>
    public ForecastModel Model => Volatile.Read(ref current);

    /// <summary>Replaces the model.</summary>
    public void Replace(ForecastModel model) => Volatile.Write(ref current, model);
}
