namespace Faaswise.Modeling.Forecasting;

/// <summary>How rows are split into training and test sets.</summary>
public enum SplitProtocol
{
    /// <summary>Whole runs (files) held out per node class, so no configuration's iterations sit on both sides.</summary>
    Grouped,

    /// <summary>DFaaS's shuffled row split.</summary>
    Random,

    /// <summary>Whole function mixes held out: every run of a set of co-located functions, on every node class, is on one side.</summary>
    Mix,

    /// <summary>One node class held out: transfer to a node size never trained on.</summary>
    NodeClass,

    /// <summary>One function held out: every row that loads it is a test row; the model knows it only through its group.</summary>
    Function,
}
