using Faaswise.Load.Results;

namespace Faaswise.Sampling.Output;

/// <summary>
/// The Parquet copy of a dataset directory: one <c>.parquet</c> beside each results CSV (and each profile CSV), with
/// typed columns. The CSVs stay the record the sampler appends to and resumes from; the copies are rewritten whole.
/// </summary>
public static class DatasetParquet
{
    /// <summary>Writes the copies; returns the files written.</summary>
    public static IReadOnlyList<string> Write(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var profiles = Path.Combine(directory, "profiles");
        var csvs = Directory.GetFiles(directory, "results-*.csv")
            .Concat(Directory.Exists(profiles) ? Directory.GetFiles(profiles, "results-*.csv") : [])
            .Order(StringComparer.Ordinal);
        var written = new List<string>();
        foreach (var csv in csvs)
        {
            var parquet = Path.ChangeExtension(csv, ".parquet");
            CsvParquet.Convert(csv, parquet);
            written.Add(parquet);
        }

        return written;
    }
}
