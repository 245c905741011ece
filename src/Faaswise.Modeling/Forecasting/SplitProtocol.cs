namespace Faaswise.Modeling.Forecasting;

/// <summary>How rows are split into training and test sets.</summary>
public enum SplitProtocol
{
    /// <summary>Whole runs (files) held out per node class, so no configuration's iterations sit on both sides.</summary>
    Grouped,

    /// <summary>DFaaS's shuffled row split.</summary>
    Random,
}
