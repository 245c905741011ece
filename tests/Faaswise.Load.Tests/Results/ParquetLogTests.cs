using Faaswise.Load.Engine;
using Faaswise.Load.Results;
using Faaswise.Testing;
using ParquetSharp;

namespace Faaswise.Load.Tests.Results;

public sealed class ParquetLogTests
{
    private static readonly string[] Urls = ["http://a/f", "http://b/g?x=1,2"];

    [Fact]
    public void A_parquet_log_reads_back_as_its_csv_twin_and_arrow_sees_typed_columns_over_several_row_groups()
    {
        using var dir = new TempDirectory();
        var parquetPath = Path.Combine(dir.Path, "log.parquet");
        var csv = new StringWriter();
        const int rows = 70_000; // more than one 64 Ki-row group
        using (var parquet = ParquetRequestLogWriter.Create(parquetPath, Urls))
        using (var text = new RequestLogWriter(csv, Urls))
        {
            for (var i = 0; i < rows; i++)
            {
                var result = i % 1000 == 7
                    ? new RequestResult(i % 2, i, 1_000L * i, 1_000L * i, 1_000L * i, 0, 0, 0, RequestResult.DroppedError, Dropped: true)
                    : new RequestResult(i % 2, i, 1_000L * i, 1_000L * i + 10, 1_000L * i + 5_000 + i, i % 100 == 0 ? 503 : 200, 17, 3, i % 100 == 0 ? "503 Service Unavailable" : null);
                parquet.Add(result);
                text.Add(result);
            }

            parquet.Complete();
            text.Complete();
        }

        using (var stream = File.OpenRead(parquetPath))
        {
            Assert.True(ParquetRequestLog.IsParquet(stream));
            Assert.Equal(RequestLogReader.Read(new StringReader(csv.ToString())), ParquetRequestLog.Read(stream, parquetPath));
        }

        var columns = ArrowParquet.Read(parquetPath);
        Assert.Equal(["RequestTime", "ResponseTime", "URL", "StatusCode", "Error", "SentTime", "BytesIn", "BytesOut"], columns.Select(c => c.Name));
        Assert.Equal([PhysicalType.Int64, PhysicalType.Int64, PhysicalType.ByteArray, PhysicalType.Int32, PhysicalType.ByteArray, PhysicalType.Int64, PhysicalType.Int64, PhysicalType.Int64], columns.Select(c => c.Type));
        Assert.All(columns, c => Assert.Equal(rows, c.Values.Count));
        var error = columns.Single(c => c.Name == "Error");
        Assert.True(error.Nullable);
        Assert.Null(error.Values[1]);
        Assert.Equal("503 Service Unavailable", error.Values[100]);
        Assert.Equal("http://b/g?x=1,2", columns.Single(c => c.Name == "URL").Values[1]);
        Assert.Equal(1_000L * 69_999 + 5_000 + 69_999, columns.Single(c => c.Name == "ResponseTime").Values[^1]);
    }

    [Fact]
    public void A_csv_stream_that_is_parquet_and_a_parquet_file_without_times_are_named()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "log.parquet");
        using (var writer = ParquetRequestLogWriter.Create(path, Urls)) writer.Add(new RequestResult(0, 0, 1, 1, 2, 200, 0, 0, null));

        var piped = Assert.Throws<FormatException>(() => RequestLogReader.Read(new StringReader(File.ReadAllText(path)), "stdin").ToArray());
        Assert.Contains("stdin: a Parquet log is read from a file", piped.Message, StringComparison.Ordinal);

        var table = Path.Combine(dir.Path, "table.csv");
        File.WriteAllText(table, "URL,Latency\nhttp://a,5\n");
        CsvParquet.Convert(table, Path.Combine(dir.Path, "table.parquet"));
        using var stream = File.OpenRead(Path.Combine(dir.Path, "table.parquet"));
        var missing = Assert.Throws<FormatException>(() => ParquetRequestLog.Read(stream, "table.parquet").ToArray());
        Assert.Equal("table.parquet: missing column RequestTime", missing.Message);
    }

    [Fact]
    public void A_dfaas_results_csv_converts_to_parquet_with_inferred_types_and_every_row()
    {
        var csv = Directory.GetFiles(SharedData.Path("runs", "MID"), "results-*.csv").Order(StringComparer.Ordinal).First();
        using var dir = new TempDirectory();
        var parquet = Path.Combine(dir.Path, "results.parquet");

        var written = CsvParquet.Convert(csv, parquet);

        var lines = File.ReadAllLines(csv).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        var columns = ArrowParquet.Read(parquet);
        Assert.Equal(lines.Length - 1, written);
        Assert.Equal(header, columns.Select(c => c.Name));
        Assert.All(columns, c => Assert.Equal(lines.Length - 1, c.Values.Count));
        Assert.Equal(PhysicalType.ByteArray, columns.Single(c => c.Name == "function_figlet").Type);
        Assert.Equal(PhysicalType.Int64, columns.Single(c => c.Name == "rate_function_figlet").Type);
        Assert.Equal(PhysicalType.Double, columns.Single(c => c.Name == "cpu_usage_function_figlet").Type);
        var cpuColumn = Array.IndexOf(header, "cpu_usage_function_figlet");
        Assert.Equal(double.Parse(lines[^1].Split(',')[cpuColumn], System.Globalization.CultureInfo.InvariantCulture), columns[cpuColumn].Values[^1]);
    }
}
