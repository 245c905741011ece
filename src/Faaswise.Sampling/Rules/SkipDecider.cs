using Faaswise.Sampling.Output;
using Faaswise.Sampling.Plan;

namespace Faaswise.Sampling.Rules;

/// <summary>
/// Decides, from what the index already holds, whether a configuration is worth running. "Dominant" means overloaded
/// in more than half of its iterations (E2), or already skipped or predicted as overloaded.
/// </summary>
public sealed class SkipDecider(SkipRule rule, int iterations)
{
    private Configuration? lastDominant;

    /// <summary>The decision for a configuration, given every index entry so far.</summary>
    public SkipDecision Decide(Configuration candidate, IReadOnlyList<IndexEntry> index)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(index);
        if (rule == SkipRule.None) return SkipDecision.Run;
        var same = index.Where(e => e.Functions.SequenceEqual(candidate.Functions)).ToArray();
        var dominant = same.GroupBy(e => e.Key).Where(Dominant).Select(g => new Configuration(candidate.Tuple, candidate.Functions, g.First().Rates)).ToArray();

        if (rule == SkipRule.Sound)
        {
            var by = dominant.FirstOrDefault(d => d.Key != candidate.Key && candidate.Dominates(d));
            if (by is not null) return new SkipDecision(SkipAction.Skip, $"dominates {by}, which overloaded");
        }
        else
        {
            if (lastDominant is not null && lastDominant.Functions.SequenceEqual(candidate.Functions) && candidate.TotalRate > lastDominant.TotalRate)
            {
                return new SkipDecision(SkipAction.Skip, $"total rate {candidate.TotalRate} above {lastDominant}'s {lastDominant.TotalRate}, which overloaded (DFaaS rule)");
            }

            var first = dominant.FirstOrDefault(d => d.Key != candidate.Key);
            if (first is not null && first.Rates.Zip(candidate.Rates).Any(p => p.First <= p.Second))
            {
                return new SkipDecision(SkipAction.Skip, $"a rate at or above {first}'s, which overloaded (DFaaS rule)");
            }
        }

        for (var i = 0; i < candidate.Functions.Count; i++)
        {
            var function = candidate.Functions[i];
            var rate = candidate.Rates[i];
            var history = index.FirstOrDefault(e => e.Functions.Count == 1 && e.Functions[0] == function && e.Rates[0] <= rate && e.Overloaded && e.Status == RunStatus.Ok);
            if (history is not null && rate > 0 && candidate.Functions.Count > 1)
            {
                return new SkipDecision(SkipAction.Predict, $"{function} alone overloaded at {history.Rates[0]} req/s");
            }
        }

        return SkipDecision.Run;
    }

    /// <summary>Tells the DFaaS rule what the last configuration run gave.</summary>
    public void Ran(Configuration configuration, bool dominantResult) => lastDominant = dominantResult ? configuration : null;

    private bool Dominant(IEnumerable<IndexEntry> entries)
    {
        var list = entries.ToArray();
        if (list.Any(e => e.Status.Settles())) return true;
        var ok = list.Where(e => e.Status == RunStatus.Ok).ToArray();
        return ok.Length > 0 && ok.Count(e => e.Overloaded) * 2 > iterations;
    }
}
