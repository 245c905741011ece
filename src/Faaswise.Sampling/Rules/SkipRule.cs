namespace Faaswise.Sampling.Rules;

/// <summary>Which configurations are skipped as sure to overload.</summary>
public enum SkipRule
{
    /// <summary>Skip a configuration only when an overloaded one of the same functions has every rate at or below its own
    /// (component-wise dominance), or when single-function history says one of its rates overloads.</summary>
    Sound,

    /// <summary>DFaaS's rules as its sampler had them: total-rate dominance after an overload, "any function at or above
    /// the first dominant rate vector", and single-function history.</summary>
    Dfaas,

    /// <summary>Run everything.</summary>
    None,
}
