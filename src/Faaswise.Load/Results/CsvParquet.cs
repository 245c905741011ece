using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Faaswise.Load.Results;

/// <summary>
/// Converts a CSV table with a header line to Parquet with typed columns: int64 where every value is an integer,
/// double where every value is a number, string otherwise; an empty field is null. The file appears whole or not at
/// all (written beside, then renamed).
/// </summary>
public static class CsvParquet
{
    private const int GroupRows = 1 << 16;

    /// <summary>Writes <paramref name="parquetPath"/> from <paramref name="csvPath"/>; returns the rows written.</summary>
    /// <exception cref="FormatException">The CSV has no header, or a row has another number of fields; the message names the line.</exception>
    public static long Convert(string csvPath, string parquetPath)
    {
        ArgumentNullException.ThrowIfNull(csvPath);
        ArgumentNullException.ThrowIfNull(parquetPath);
        var header = File.ReadLines(csvPath).FirstOrDefault() is { Length: > 0 } h ? Csv.Split(h) : throw new FormatException($"{csvPath}: no header line");
        var kinds = new Kind[header.Length];
        foreach (var (fields, _) in Rows(csvPath, header.Length))
        {
            for (var c = 0; c < fields.Length; c++) kinds[c] = Widen(kinds[c], fields[c]);
        }

        var schema = new ParquetSchema(header.Select((name, c) => kinds[c] switch
        {
            Kind.Integer => (Field)new DataField<long?>(name),
            Kind.Number => new DataField<double?>(name),
            _ => new DataField<string>(name, true),
        }));
        var temporary = parquetPath + ".tmp";
        long rows = 0;
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite))
        {
            Task.Run(async () =>
            {
                await using var writer = await ParquetWriter.CreateAsync(schema, stream).ConfigureAwait(false);
                foreach (var chunk in Rows(csvPath, header.Length).Select(r => r.Fields).Chunk(GroupRows))
                {
                    using var group = writer.CreateRowGroup();
                    var fields = schema.GetDataFields();
                    for (var c = 0; c < fields.Length; c++)
                    {
                        switch (kinds[c])
                        {
                            case Kind.Integer:
                                await group.WriteAsync(fields[c], new ReadOnlyMemory<long?>([.. chunk.Select(r => r[c].Length == 0 ? (long?)null : long.Parse(r[c], CultureInfo.InvariantCulture))])).ConfigureAwait(false);
                                break;
                            case Kind.Number:
                                await group.WriteAsync(fields[c], new ReadOnlyMemory<double?>([.. chunk.Select(r => r[c].Length == 0 ? (double?)null : double.Parse(r[c], NumberStyles.Float, CultureInfo.InvariantCulture))])).ConfigureAwait(false);
                                break;
                            default:
                                await group.WriteAsync(fields[c], chunk.Select(r => r[c].Length == 0 ? null : r[c]).ToArray()).ConfigureAwait(false);
                                break;
                        }
                    }

                    rows += chunk.Length;
                }
            }).GetAwaiter().GetResult();
        }

        File.Move(temporary, parquetPath, overwrite: true);
        return rows;
    }

    private enum Kind
    {
        Empty,
        Integer,
        Number,
        Text,
    }

    private static Kind Widen(Kind kind, string value)
    {
        if (value.Length == 0 || kind == Kind.Text) return kind;
        var these = long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? Kind.Integer
            : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? Kind.Number
            : Kind.Text;
        return (Kind)Math.Max((int)kind, (int)these);
    }

    private static IEnumerable<(string[] Fields, int Line)> Rows(string path, int columns)
    {
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            if (++line == 1 || text.Length == 0) continue;
            var fields = Csv.Split(text);
            if (fields.Length != columns) throw new FormatException($"{path}:{line}: {fields.Length} fields where the header has {columns}");
            yield return (fields, line);
        }
    }
}
