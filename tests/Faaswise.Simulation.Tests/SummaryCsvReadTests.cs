using Faaswise.Simulation.Kpi;
using Faaswise.Testing;

namespace Faaswise.Simulation.Tests;

public class SummaryCsvReadTests
{
    [Fact]
    public void Rows_are_read_by_the_headers_names_so_readers_never_count_columns()
    {
        using var dir = new TempDirectory();
        var values = SummaryCsv.Header.Split(',').Select((name, i) => name switch
        {
            "policy" => "qshuf", "admission" => "slo", "cv" => "4", "function" => "ALL", "slo_attainment_pct" => "97.5", _ => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var path = dir.Write("summary.csv", SummaryCsv.Header + "\n" + string.Join(',', values) + "\n");

        var row = Assert.Single(SummaryCsv.ReadColumns(path));

        Assert.Equal(("qshuf", "slo", "4", "ALL", "97.5"), (row["policy"], row["admission"], row["cv"], row["function"], row["slo_attainment_pct"]));
        Assert.Equal(SummaryCsv.Header.Split(',').Length, row.Count);
    }

    [Theory]
    [InlineData("policy,cv\nqshuf,1\n", "no column admission")]
    [InlineData("", "empty, not a summary.csv")]
    public void A_file_that_is_not_a_summary_is_named(string text, string reason)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("summary.csv", text);

        Assert.Contains(reason, Assert.Throws<FormatException>(() => SummaryCsv.ReadColumns(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_that_does_not_fit_the_header_is_named_by_line()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("summary.csv", SummaryCsv.Header + "\nqshuf,slo\n");

        Assert.Contains("summary.csv:2: 2 fields under a header of", Assert.Throws<FormatException>(() => SummaryCsv.ReadColumns(path)).Message, StringComparison.Ordinal);
    }
}
