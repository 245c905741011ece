namespace Faaswise.Modeling.LightGbm;

/// <summary>What a booster learns: the mean (L2), a quantile (pinball loss), or a probability (log loss).</summary>
public enum LightGbmObjective
{
    /// <summary>L2 regression: the conditional mean.</summary>
    Regression,

    /// <summary>Quantile regression at <see cref="LightGbmParameters"/>' alpha.</summary>
    Quantile,

    /// <summary>Binary classification; predictions are probabilities of class 1.</summary>
    Binary,
}
