using System.Globalization;
using System.Text;
using Faaswise.Load.Units;

namespace Faaswise.Load.Results;

/// <summary>Writes an <see cref="AttackReport"/> for people, in vegeta's layout, every number with its unit.</summary>
public static class TextReport
{
    /// <summary>Writes the totals, then one section per target when there are several.</summary>
    public static void Write(AttackReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var sb = new StringBuilder();
        Section(sb, report, "");
        if (report.GeneratorSaturated)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"Warning: sends lagged the schedule (p99 lag {DurationText.FormatNanoseconds(report.ScheduleLag.P99)}): the generator or its connection limit did not keep up; latencies include the lag.\n");
        }

        if (report.Interrupted)
        {
            sb.Append("Interrupted: the attack was stopped before its schedule ended; figures cover what was sent.\n");
        }

        if (report.Targets.Count > 1)
        {
            foreach (var t in report.Targets)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\n{t.Method} {t.Url}  ({t.Arrival})\n");
                Section(sb, t, "  ");
            }
        }

        output.Write(sb.ToString());
    }

    private static void Section(StringBuilder sb, ResultSummary s, string indent)
    {
        var inv = CultureInfo.InvariantCulture;
        string D(long ns) => DurationText.FormatNanoseconds(ns);
        string L(LatencySummary l) => $"{D(l.Min)}, {D(l.Mean)}, {D(l.P50)}, {D(l.P90)}, {D(l.P95)}, {D(l.P99)}, {D(l.Max)}";
        sb.Append(inv, $"{indent}{"Requests",-13} [total, rate, throughput]          {s.Requests}, {s.Rate:0.00}/s, {s.Throughput:0.00}/s\n");
        sb.Append(inv, $"{indent}{"Duration",-13} [total, attack, wait]              {D(s.Duration + s.Wait)}, {D(s.Duration)}, {D(s.Wait)}\n");
        sb.Append(inv, $"{indent}{"Latencies",-13} [min, mean, 50, 90, 95, 99, max]  {L(s.Latencies)}   (from intended send)\n");
        sb.Append(inv, $"{indent}{"Service time",-13} [min, mean, 50, 90, 95, 99, max]  {L(s.ServiceTimes)}   (from actual send)\n");
        sb.Append(inv, $"{indent}{"Schedule lag",-13} [mean, 99, max]                   {D(s.ScheduleLag.Mean)}, {D(s.ScheduleLag.P99)}, {D(s.ScheduleLag.Max)}\n");
        sb.Append(inv, $"{indent}{"Bytes In",-13} [total, mean]                     {s.BytesIn.Total} B, {s.BytesIn.Mean:0.00} B\n");
        sb.Append(inv, $"{indent}{"Bytes Out",-13} [total, mean]                     {s.BytesOut.Total} B, {s.BytesOut.Mean:0.00} B\n");
        sb.Append(inv, $"{indent}{"Success",-13} [ratio]                           {s.Success * 100:0.00}%\n");
        sb.Append(inv, $"{indent}{"Dropped",-13} [count]                           {s.Dropped}\n");
        sb.Append(inv, $"{indent}{"Status Codes",-13} [code:count]                      {string.Join("  ", s.StatusCodes.Select(p => $"{p.Key}:{p.Value}"))}\n");
        sb.Append(inv, $"{indent}Error Set:\n");
        foreach (var (error, count) in s.ErrorCounts)
        {
            sb.Append(inv, $"{indent}{count} × {error}\n");
        }
    }
}
