using Parquet;
using Parquet.Schema;

namespace Faaswise.Load.Results;

/// <summary>
/// The request log as Parquet: the columns of <see cref="RequestLogWriter"/> with their types (times int64 Unix epoch
/// ns, <c>StatusCode</c> int32, <c>URL</c> and <c>Error</c> strings, <c>Error</c> null when none), for pandas
/// (<c>pd.read_parquet</c>), Polars, DuckDB and Spark.
/// </summary>
public static class ParquetRequestLog
{
    /// <summary>A Parquet file starts (and ends) with these bytes.</summary>
    public static ReadOnlySpan<byte> Magic => "PAR1"u8;

    internal static readonly DataField<long> RequestTime = new("RequestTime");
    internal static readonly DataField<long> ResponseTime = new("ResponseTime");
    internal static readonly DataField<string> Url = new("URL", false);
    internal static readonly DataField<int> StatusCode = new("StatusCode");
    internal static readonly DataField<string> Error = new("Error", true);
    internal static readonly DataField<long> SentTime = new("SentTime");
    internal static readonly DataField<long> BytesIn = new("BytesIn");
    internal static readonly DataField<long> BytesOut = new("BytesOut");

    internal static ParquetSchema Schema { get; } = new(RequestTime, ResponseTime, Url, StatusCode, Error, SentTime, BytesIn, BytesOut);

    /// <summary>Whether the seekable <paramref name="stream"/> holds Parquet (it is left at its start).</summary>
    public static bool IsParquet(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> head = stackalloc byte[4];
        var start = stream.Position;
        var read = stream.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        stream.Position = start;
        return read == 4 && head.SequenceEqual(Magic);
    }

    /// <summary>
    /// Every row of a Parquet request log, one row group in memory at a time. <c>RequestTime</c>, <c>ResponseTime</c> and
    /// <c>URL</c> are required; the other columns are optional, as in CSV logs.
    /// </summary>
    /// <exception cref="FormatException">Not Parquet, or a required column is missing or of another type; the message names <paramref name="source"/>.</exception>
    public static IEnumerable<RequestLogRow> Read(Stream stream, string source = "log")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ParquetReader reader;
        try
        {
            reader = ParquetReader.CreateAsync(stream, leaveStreamOpen: true).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ParquetException)
        {
            throw new FormatException($"{source}: not a readable Parquet file: {e.Message}", e);
        }

        var fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        DataField Required(DataField expected) => Optional(expected) ?? throw new FormatException($"{source}: missing column {expected.Name}");
        DataField? Optional(DataField expected)
        {
            if (!fields.TryGetValue(expected.Name, out var found)) return null;
            return found.ClrType == expected.ClrType ? found : throw new FormatException($"{source}: column {expected.Name} is {found.ClrType.Name}, not {expected.ClrType.Name}");
        }

        var request = Required(RequestTime);
        var response = Required(ResponseTime);
        var url = Required(Url);
        var status = Optional(StatusCode);
        var error = Optional(Error);
        var sent = Optional(SentTime);
        var bytesIn = Optional(BytesIn);
        var bytesOut = Optional(BytesOut);
        return Rows();

        IEnumerable<RequestLogRow> Rows()
        {
            try
            {
                for (var g = 0; g < reader.RowGroupCount; g++)
                {
                    using var group = reader.OpenRowGroupReader(g);
                    var n = checked((int)group.RowCount);
                    var requests = Longs(group, request, n)!;
                    var responses = Longs(group, response, n)!;
                    var urls = Strings(group, url, n)!;
                    var statuses = status is null ? null : Values<int>(group, status, n);
                    var errors = error is null ? null : Strings(group, error, n);
                    var sents = Longs(group, sent, n);
                    var ins = Longs(group, bytesIn, n);
                    var outs = Longs(group, bytesOut, n);
                    for (var i = 0; i < n; i++)
                    {
                        yield return new RequestLogRow(requests[i], responses[i], urls[i] ?? "", statuses?[i] ?? 0, errors?[i] is { Length: > 0 } e ? e : null, sents?[i], ins?[i], outs?[i]);
                    }
                }
            }
            finally
            {
                reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }

    private static long[]? Longs(ParquetRowGroupReader group, DataField? field, int n) => field is null ? null : Values<long>(group, field, n);

    private static T[] Values<T>(ParquetRowGroupReader group, DataField field, int n)
        where T : struct
    {
        var values = new T[n];
        if (field.IsNullable)
        {
            var nullable = new T?[n];
            group.ReadAsync(field, nullable.AsMemory()).AsTask().GetAwaiter().GetResult();
            for (var i = 0; i < n; i++) values[i] = nullable[i] ?? default;
        }
        else
        {
            group.ReadAsync(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
        }

        return values;
    }

    private static string?[] Strings(ParquetRowGroupReader group, DataField field, int n)
    {
        var values = new string?[n];
        group.ReadAsync(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
        return values;
    }
}
