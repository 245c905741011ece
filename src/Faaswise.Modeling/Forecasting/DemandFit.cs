using Faaswise.Modeling.Datasets;
using Faaswise.Modeling.Profiling;

namespace Faaswise.Modeling.Forecasting;

/// <summary>
/// The demand terms of one usage kind: per rate feature a curve from every training row that loads it (or from the
/// functions' profile when none does), and, for a node class on which a rate feature was never (or hardly) loaded, a
/// term of its own: the feature's profile (or else its pooled curve) scaled by how much the class uses per request
/// against the profiles (pooled curves) of the features it did load. Functions cost more CPU per request on some node
/// classes than on others, so a curve pooled over classes misjudges a class that never ran the function.
/// </summary>
internal static class DemandFit
{
    /// <summary>Fewest training rows of a node class that load a rate feature for the class to count as having run it.</summary>
    internal const int MinClassRows = 100;

    /// <summary>The common terms of one usage kind: per rate feature, the curve of every training row that loads it, or its profile.</summary>
    /// <param name="rates">The model's rate features.</param>
    /// <param name="trainRows">Training rows.</param>
    /// <param name="profiles">Profile rows, or null.</param>
    /// <param name="usage">The usage of one function measurement.</param>
    /// <param name="metric">The usage's index in a profile row's metrics.</param>
    /// <param name="fromProfiles">Receives the rate features whose curve came from a profile.</param>
    public static List<DemandTerm> Terms(
        IReadOnlyList<Feature> rates, IReadOnlyList<SampleRow> trainRows, IReadOnlyList<ProfileRow>? profiles,
        Func<FunctionMeasurement, double> usage, int metric, ICollection<string> fromProfiles)
    {
        var terms = new List<DemandTerm>();
        foreach (var rate in rates)
        {
            if (DemandCurve.Fit(Points(rate, trainRows, usage)) is { } curve)
            {
                terms.Add(new DemandTerm(rate.Name, rate.Functions, curve, "training"));
            }
            else if (profiles is not null && DemandCurve.Fit(profiles.Where(p => rate.Functions.Contains(p.Name)).Select(p => (p.Rate, p.Metrics[metric]))) is { } fromProfile)
            {
                terms.Add(new DemandTerm(rate.Name, rate.Functions, fromProfile, "profile"));
                fromProfiles.Add(rate.Name);
            }
        }

        return terms;
    }

    /// <summary>
    /// The node classes' own terms of one usage kind (none with fewer than two classes in training: one class's pooled
    /// curves are its own).
    /// </summary>
    /// <param name="rates">The model's rate features.</param>
    /// <param name="trainRows">Training rows.</param>
    /// <param name="profiles">Profile rows, or null.</param>
    /// <param name="usage">The usage of one function measurement.</param>
    /// <param name="metric">The usage's index in a profile row's metrics.</param>
    /// <param name="common">The kind's common terms (<see cref="Terms"/>): their training curves are the pooled references.</param>
    public static List<DemandTerm> ClassTerms(
        IReadOnlyList<Feature> rates, IReadOnlyList<SampleRow> trainRows, IReadOnlyList<ProfileRow>? profiles,
        Func<FunctionMeasurement, double> usage, int metric, IReadOnlyList<DemandTerm> common)
    {
        var terms = new List<DemandTerm>();
        var pooled = common.Where(t => t.From == "training").ToDictionary(t => t.Rate, t => t.Curve, StringComparer.Ordinal);
        var profiled = new Dictionary<string, DemandCurve>(StringComparer.Ordinal);
        foreach (var rate in rates)
        {
            if (ProfileCurve(rate, profiles, metric) is { } curve) profiled[rate.Name] = curve;
        }

        var classes = trainRows.Select(r => r.Node.Type).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (classes.Length < 2) return terms;
        foreach (var nodeClass in classes)
        {
            var own = trainRows.Where(r => r.Node.Type == nodeClass).ToArray();
            var (toProfile, toPooled, missing) = (new List<double>(), new List<double>(), new List<Feature>());
            foreach (var rate in rates)
            {
                var points = Points(rate, own, usage).Where(p => p.Rate > 0).ToArray();
                if (points.Length < MinClassRows)
                {
                    missing.Add(rate);
                    continue;
                }

                if (Ratio(points, profiled.GetValueOrDefault(rate.Name)) is { } p) toProfile.Add(p);
                if (Ratio(points, pooled.GetValueOrDefault(rate.Name)) is { } q) toPooled.Add(q);
            }

            // A reference curve is scaled by what the class uses against references of the same kind: a profile was
            // measured on some node, the pooled curves on all of them.
            foreach (var rate in missing)
            {
                var (basis, from, factor) = profiled.TryGetValue(rate.Name, out var profile) && toProfile.Count > 0 ? (profile, "profile scaled", ForecasterTrainer.Median(toProfile))
                    : pooled.TryGetValue(rate.Name, out var curve) && toPooled.Count > 0 ? (curve, "training scaled", ForecasterTrainer.Median(toPooled))
                    : (null, "", 0);
                if (basis is not null) terms.Add(new DemandTerm(rate.Name, rate.Functions, basis.Scaled(factor), from) { Node = nodeClass, Factor = factor });
            }
        }

        return terms;
    }

    // The class's usage over what the reference curve gives at the same rates.
    private static double? Ratio((double Rate, double Usage)[] points, DemandCurve? reference)
    {
        if (reference is null) return null;
        var expected = points.Sum(p => reference.At(p.Rate));
        return expected > 0 ? points.Sum(p => p.Usage) / expected : null;
    }

    private static IEnumerable<(double Rate, double Usage)> Points(Feature rate, IEnumerable<SampleRow> rows, Func<FunctionMeasurement, double> usage) =>
        rows.Select(r => r.Functions.Where(m => rate.Functions.Contains(m.Name)).ToArray())
            .Where(ms => ms.Length > 0)
            .Select(ms => (ms.Sum(m => m.Rate), ms.Sum(usage)));

    // The reference curve of a one-function rate; a group's rate sums several functions, whose profiles do not add up by rate.
    private static DemandCurve? ProfileCurve(Feature rate, IReadOnlyList<ProfileRow>? profiles, int metric) =>
        profiles is null || rate.Functions.Count != 1
            ? null
            : DemandCurve.Fit(profiles.Where(p => p.Name == rate.Functions[0]).Select(p => (p.Rate, p.Metrics[metric])));
}
