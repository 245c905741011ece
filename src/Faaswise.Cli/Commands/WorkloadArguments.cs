using System.Globalization;

namespace Faaswise.Cli.Commands;

/// <summary>Parsing shared by the workload and simulate commands.</summary>
internal static class WorkloadArguments
{
    public static double PositiveNumber(string text, string option) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && double.IsFinite(v)
            ? v
            : throw new UsageException($"{option} '{text}' is not a positive number");

    /// <summary>function=requests/s pairs, comma-separated.</summary>
    public static (string, double)[] Rates(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new UsageException($"{option} needs function=requests/s pairs, e.g. bert=16.7,labse=6.25");
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(pair =>
        {
            var parts = pair.Split('=');
            return parts.Length == 2 && parts[0].Length > 0 ? (parts[0], PositiveNumber(parts[1], $"{option} {parts[0]}")) : throw new UsageException($"{option}: '{pair}' is not function=rate");
        }).ToArray();
    }
}
