using Faaswise.Load.Results;

namespace Faaswise.Cli.Commands;

/// <summary>The LOG arguments of <c>report</c> and <c>plot</c>: request logs by name (CSV or Parquet), <c>-</c> (or none) for CSV on standard input.</summary>
internal static class SavedLogs
{
    /// <summary>Hands each log's rows, streamed, to <paramref name="use"/>; a missing file is a one-line usage error naming it.</summary>
    public static void Read(string[]? names, Action<IEnumerable<RequestLogRow>> use)
    {
        ArgumentNullException.ThrowIfNull(use);
        foreach (var file in names is { Length: > 0 } ? names : ["-"])
        {
            if (file == "-")
            {
                use(RequestLogReader.Read(Console.In, "stdin"));
                continue;
            }

            if (!File.Exists(file)) throw new UsageException($"LOG {file}: no such file");
            using var stream = File.OpenRead(file);
            if (ParquetRequestLog.IsParquet(stream))
            {
                use(ParquetRequestLog.Read(stream, file));
                continue;
            }

            using var reader = new StreamReader(stream);
            use(RequestLogReader.Read(reader, file));
        }
    }
}
