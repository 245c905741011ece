using Faaswise.Sampling.Output;
using Faaswise.Sampling.Plan;
using Faaswise.Sampling.Rules;

namespace Faaswise.Sampling.Running;

/// <summary>
/// What a run (or resumption) of a grid into a directory would do now, decided as <see cref="Sampler.RunAsync"/>
/// decides: configurations already done, skipped by the history so far, and still to run. More may be skipped once
/// overloads appear.
/// </summary>
public sealed record SamplingPreview(long Done, long Skipped, long ToRun, long IterationsLeft, TimeSpan PerIteration)
{
    /// <summary>The upper bound of the time the remaining iterations take.</summary>
    public TimeSpan MostTime => PerIteration * IterationsLeft;

    /// <summary>The preview of <paramref name="plan"/> into <paramref name="directory"/> (which need not exist).</summary>
    public static SamplingPreview Of(SamplingOptions options, SamplingPlan plan, string directory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(plan);
        var index = File.Exists(Path.Combine(directory, RunIndex.FileName)) ? RunIndex.Open(directory) : null;
        var entries = index?.Entries ?? [];
        var decider = new SkipDecider(options.Skip, options.Iterations);
        long done = 0, skipped = 0, toRun = 0, iterationsLeft = 0;
        foreach (var c in plan.Configurations())
        {
            if (index is not null && index.Finished(c.Key, options.Iterations))
            {
                done++;
            }
            else if ((index is null || index.Untouched(c.Key)) && decider.Decide(c, entries).Action != SkipAction.Run)
            {
                skipped++;
            }
            else
            {
                toRun++;
                iterationsLeft += options.Iterations - (index?.Completed(c.Key) ?? 0);
            }
        }

        var perIteration = options.Duration + options.WarmUp + TimeSpan.FromSeconds(options.Rest.Enabled ? 10 : 0) + TimeSpan.FromSeconds(1);
        return new SamplingPreview(done, skipped, toRun, iterationsLeft, perIteration);
    }
}
