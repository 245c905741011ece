using ParquetSharp;

namespace Faaswise.Testing;

/// <summary>
/// Reads a Parquet file with Apache Arrow's C++ reader (through ParquetSharp), the engine pandas' <c>read_parquet</c>
/// uses by default (pyarrow): a file it reads with the expected types is a file pandas loads.
/// </summary>
public static class ArrowParquet
{
    /// <summary>One column: its name, physical type, whether it may hold nulls, and every value (null where missing).</summary>
    public sealed record Column(string Name, PhysicalType Type, bool Nullable, IReadOnlyList<object?> Values);

    public static IReadOnlyList<Column> Read(string path)
    {
        using var file = new ParquetFileReader(path);
        var schema = file.FileMetaData.Schema;
        var columns = Enumerable.Range(0, schema.NumColumns).Select(c => (Descriptor: schema.Column(c), Values: new List<object?>())).ToArray();
        for (var g = 0; g < file.FileMetaData.NumRowGroups; g++)
        {
            using var group = file.RowGroup(g);
            var rows = checked((int)group.MetaData.NumRows);
            for (var c = 0; c < columns.Length; c++)
            {
                using var reader = group.Column(c);
                var nullable = columns[c].Descriptor.MaxDefinitionLevel > 0;
                columns[c].Values.AddRange(columns[c].Descriptor.PhysicalType switch
                {
                    PhysicalType.Int64 when nullable => reader.LogicalReader<long?>().ReadAll(rows).Cast<object?>(),
                    PhysicalType.Int64 => reader.LogicalReader<long>().ReadAll(rows).Cast<object?>(),
                    PhysicalType.Int32 when nullable => reader.LogicalReader<int?>().ReadAll(rows).Cast<object?>(),
                    PhysicalType.Int32 => reader.LogicalReader<int>().ReadAll(rows).Cast<object?>(),
                    PhysicalType.Double when nullable => reader.LogicalReader<double?>().ReadAll(rows).Cast<object?>(),
                    PhysicalType.Double => reader.LogicalReader<double>().ReadAll(rows).Cast<object?>(),
                    PhysicalType.ByteArray => reader.LogicalReader<string?>().ReadAll(rows).Cast<object?>(),
                    var other => throw new NotSupportedException($"{path}: column {columns[c].Descriptor.Name} is {other}"),
                });
            }
        }

        file.Close();
        return [.. columns.Select(c => new Column(c.Descriptor.Name, c.Descriptor.PhysicalType, c.Descriptor.MaxDefinitionLevel > 0, c.Values))];
    }
}
