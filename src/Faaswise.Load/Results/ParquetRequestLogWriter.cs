using Faaswise.Load.Engine;
using Parquet;

namespace Faaswise.Load.Results;

/// <summary>
/// Writes the request log as Parquet (<see cref="ParquetRequestLog"/>), a row group every 64 Ki requests, so memory
/// stays bounded on long runs. A full group is written on a background task while the next one fills, so the thread
/// that records results (the engine's) is not held up by compression and I/O. A Parquet file is readable only once
/// its footer is written: on completion, on interruption (Ctrl-C) and on disposal, not after a kill; the CSV log is
/// the format that survives a kill.
/// </summary>
public sealed class ParquetRequestLogWriter : IResultSink, IDisposable
{
    private const int GroupRows = 1 << 16;

    private readonly Stream stream;
    private readonly ParquetWriter writer;
    private readonly string[] urls;
    private Columns filling = new();
    private Columns spare = new();
    private Task written = Task.CompletedTask;
    private bool disposed;

    private ParquetRequestLogWriter(Stream stream, ParquetWriter writer, string[] urls)
    {
        this.stream = stream;
        this.writer = writer;
        this.urls = urls;
    }

    /// <summary>Creates the file at <paramref name="path"/> (replacing it) for targets whose URLs are given in attack order.</summary>
    public static ParquetRequestLogWriter Create(string path, IEnumerable<string> targetUrls)
    {
        ArgumentNullException.ThrowIfNull(targetUrls);
        var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
        try
        {
            var writer = ParquetWriter.CreateAsync(ParquetRequestLog.Schema, stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }).GetAwaiter().GetResult();
            return new ParquetRequestLogWriter(stream, writer, [.. targetUrls]);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Add(in RequestResult result)
    {
        var c = filling;
        var i = c.Count;
        c.Request[i] = result.IntendedAt;
        c.Response[i] = result.CompletedAt;
        c.Url[i] = urls[result.Target];
        c.Status[i] = result.StatusCode;
        c.Error[i] = result.Error;
        c.Sent[i] = result.SentAt;
        c.BytesIn[i] = result.BytesIn;
        c.BytesOut[i] = result.BytesOut;
        if (++c.Count == GroupRows) Hand();
    }

    /// <inheritdoc />
    public void Complete()
    {
        Hand();
        written.GetAwaiter().GetResult();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        try
        {
            Complete();
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            stream.Dispose();
        }
    }

    /// <summary>Hands the filled group to the background writer (after the previous one is done) and fills the other.</summary>
    private void Hand()
    {
        if (filling.Count == 0) return;
        written.GetAwaiter().GetResult();
        var full = filling;
        (filling, spare) = (spare, full);
        filling.Count = 0;
        written = Task.Run(() => WriteAsync(full));
    }

    private async Task WriteAsync(Columns c)
    {
        var n = c.Count;
        using var group = writer.CreateRowGroup();
        await group.WriteAsync(ParquetRequestLog.RequestTime, new ReadOnlyMemory<long>(c.Request, 0, n)).ConfigureAwait(false);
        await group.WriteAsync(ParquetRequestLog.ResponseTime, new ReadOnlyMemory<long>(c.Response, 0, n)).ConfigureAwait(false);
        await group.WriteAsync(ParquetRequestLog.Url, new ArraySegment<string>(c.Url, 0, n)).ConfigureAwait(false);
        await group.WriteAsync(ParquetRequestLog.StatusCode, new ReadOnlyMemory<int>(c.Status, 0, n)).ConfigureAwait(false);
        await group.WriteAsync(ParquetRequestLog.Error, new ArraySegment<string?>(c.Error, 0, n)!).ConfigureAwait(false);
        await group.WriteAsync(ParquetRequestLog.SentTime, new ReadOnlyMemory<long>(c.Sent, 0, n)).ConfigureAwait(false);
        await group.WriteAsync(ParquetRequestLog.BytesIn, new ReadOnlyMemory<long>(c.BytesIn, 0, n)).ConfigureAwait(false);
        await group.WriteAsync(ParquetRequestLog.BytesOut, new ReadOnlyMemory<long>(c.BytesOut, 0, n)).ConfigureAwait(false);
    }

    private sealed class Columns
    {
        public long[] Request { get; } = new long[GroupRows];

        public long[] Response { get; } = new long[GroupRows];

        public string[] Url { get; } = new string[GroupRows];

        public int[] Status { get; } = new int[GroupRows];

        public string?[] Error { get; } = new string?[GroupRows];

        public long[] Sent { get; } = new long[GroupRows];

        public long[] BytesIn { get; } = new long[GroupRows];

        public long[] BytesOut { get; } = new long[GroupRows];

        public int Count { get; set; }
    }
}
