using Faaswise.Modeling.LightGbm;
using Faaswise.Modeling.Profiling;

namespace Faaswise.Modeling.Forecasting;

/// <summary>How a forecaster is trained: features, split, preprocessing and booster settings.</summary>
public sealed record TrainingOptions
{
    /// <summary>Per-group rate features from this group file; null uses one rate per function.</summary>
    public GroupList? Groups { get; init; }

    /// <summary>How rows are split into training and test sets.</summary>
    public SplitProtocol Split { get; init; } = SplitProtocol.Grouped;

    /// <summary>The node class (<see cref="SplitProtocol.NodeClass"/>) or function (<see cref="SplitProtocol.Function"/>) held out.</summary>
    public string? Holdout { get; init; }

    /// <summary>Share of rows (random) or of each node class's rows (grouped) held out for testing.</summary>
    public double TestFraction { get; init; } = 0.25;

    /// <summary>Seed of the split, SMOTE and LightGBM.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Add the node's idle CPU, RAM and power (measured before the load) as features.</summary>
    public bool BaselineFeatures { get; init; } = true;

    /// <summary>Node capacity as cores (true) or as DFaaS's node_type code (false).</summary>
    public bool NodeCores { get; init; } = true;

    /// <summary>Predict node targets as the increase over the idle baseline (needs <see cref="BaselineFeatures"/>).</summary>
    public bool NodeTargetsOverBaseline { get; init; } = true;

    /// <summary>DFaaS's outlier rule (§5.2), applied as its notebook does: to every row, before the split.</summary>
    public bool DfaasOutlierRule { get; init; }

    /// <summary>MinMax-scale features and targets (fitted on the training split).</summary>
    public bool Scale { get; init; }

    /// <summary>
    /// Balance the overload classifier's training split with SMOTE-NC (DFaaS's way). Off by default: synthetic
    /// positives make the predicted probability say overload more often than it happens.
    /// </summary>
    public bool Smote { get; init; }

    /// <summary>What the overload classifier learns and is scored on (recorded in the manifest; evaluate relabels likewise).</summary>
    public OverloadLabel OverloadLabel { get; init; } = OverloadLabel.Iteration;

    /// <summary>
    /// Choose the overload decision threshold that maximises F1 on held-out training runs (the probability itself is
    /// unchanged); off: 0.5, as DFaaS decides.
    /// </summary>
    public bool TuneThreshold { get; init; } = true;

    /// <summary>Give the overload classifier the idle baselines too (off: rates and node capacity only).</summary>
    public bool ClassifierBaselines { get; init; }

    /// <summary>Train the 0.05 and 0.95 quantile models.</summary>
    public bool Quantiles { get; init; } = true;

    /// <summary>
    /// Conformalise the 0.05/0.95 interval per node class (cross-conformal): each training row's interval comes from
    /// quantile models fitted on the other folds of whole units (runs, or function mixes as the protocol holds out), and
    /// the interval is widened (or narrowed) by how far those missed, so it holds 90 % of held-out truth.
    /// </summary>
    public bool Conformal { get; init; } = true;

    /// <summary>
    /// Make each model a sum over functions (or groups): every tree splits on one rate and the node's columns only
    /// (LightGBM's interaction constraints), so a mix never sampled is predicted from what each of its functions does
    /// in other mixes, as the utilisation law adds demands. Off: trees may combine any rates.
    /// </summary>
    public bool Additive { get; init; }

    /// <summary>
    /// Add the utilisation-law backbone as features: the CPU, RAM and power the rates demand, summed over rate features
    /// from each one's usage curve (fitted on the training rows, or on <see cref="Profiles"/> for a function the
    /// training rows never load). The trees learn the correction: contention, saturation, the node's own overhead.
    /// </summary>
    public bool Demand { get; init; } = true;

    /// <summary>
    /// Node targets are learned as the gap to their demand feature (needs <see cref="Demand"/>): the law is the backbone,
    /// the trees its correction. Off by default: measured on unseen mixes it did worse than demand as a feature, because
    /// a curve pooled over node classes extrapolates badly where one class saturates and another does not.
    /// </summary>
    public bool DemandBackbone { get; init; }

    /// <summary>
    /// A node class that never ran a function (fewer than 100 training rows load it there) gets that function's demand
    /// curve scaled by how much the class uses per request against the curves of the functions it did run, instead of
    /// the curve pooled over every class (see <see cref="DemandFit"/>).
    /// </summary>
    public bool DemandByClass { get; init; } = true;

    /// <summary>
    /// Give the overload classifier each rate, and the CPU demand, over the node's cores: a function saturates at about
    /// the same requests/s per core on every node size, so what one node class shows transfers to the others.
    /// </summary>
    public bool PerCore { get; init; } = true;

    /// <summary>
    /// Profiles (<c>faaswise profile</c>'s rows): the demand curve of a function no training row loads, and the
    /// reference curve that a node class's own curve scales when the class never ran the function.
    /// </summary>
    public IReadOnlyList<ProfileRow>? Profiles { get; init; }

    /// <summary>Node targets and the overload probability may only rise with each rate (LightGBM's monotone constraints).</summary>
    public bool Monotone { get; init; } = true;

    /// <summary>Booster settings.</summary>
    public LightGbmParameters Booster { get; init; } = new();

    /// <summary>DFaaS's groups notebook: group rates and node_type only, random 75/25 split, its outlier rule, scaled
    /// features and targets (SMOTE on the training split only, not before the split as the notebook did).</summary>
    public static TrainingOptions Dfaas(GroupList groups) => new()
    {
        Groups = groups,
        Split = SplitProtocol.Random,
        BaselineFeatures = false,
        NodeCores = false,
        NodeTargetsOverBaseline = false,
        DfaasOutlierRule = true,
        Scale = true,
        Conformal = false,
        Demand = false,
        Monotone = false,
        PerCore = false,
        Smote = true,
        TuneThreshold = false,
    };
}
