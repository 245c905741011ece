using Faaswise.Load.Engine;
using Parquet;

namespace Faaswise.Load.Results;

/// <summary>
/// Writes the request log as Parquet (<see cref="ParquetRequestLog"/>), a row group every 64 Ki requests, so memory
/// stays bounded on long runs. A Parquet file is readable only once its footer is written: on completion, on
/// interruption (Ctrl-C) and on disposal, not after a kill; the CSV log is the format that survives a kill.
/// </summary>
public sealed class ParquetRequestLogWriter : IResultSink, IDisposable
{
    private const int GroupRows = 1 << 16;

    private readonly Stream stream;
    private readonly ParquetWriter writer;
    private readonly string[] urls;
    private readonly long[] request = new long[GroupRows];
    private readonly long[] response = new long[GroupRows];
    private readonly string[] url = new string[GroupRows];
    private readonly int[] status = new int[GroupRows];
    private readonly string?[] error = new string?[GroupRows];
    private readonly long[] sent = new long[GroupRows];
    private readonly long[] bytesIn = new long[GroupRows];
    private readonly long[] bytesOut = new long[GroupRows];
    private int count;
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
        var i = count;
        request[i] = result.IntendedAt;
        response[i] = result.CompletedAt;
        url[i] = urls[result.Target];
        status[i] = result.StatusCode;
        error[i] = result.Error;
        sent[i] = result.SentAt;
        bytesIn[i] = result.BytesIn;
        bytesOut[i] = result.BytesOut;
        if (++count == GroupRows) WriteGroup();
    }

    /// <inheritdoc />
    public void Complete() => WriteGroup();

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        try
        {
            WriteGroup();
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            stream.Dispose();
        }
    }

    private void WriteGroup()
    {
        if (count == 0) return;
        var n = count;
        count = 0;
        Task.Run(async () =>
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(ParquetRequestLog.RequestTime, new ReadOnlyMemory<long>(request, 0, n)).ConfigureAwait(false);
            await group.WriteAsync(ParquetRequestLog.ResponseTime, new ReadOnlyMemory<long>(response, 0, n)).ConfigureAwait(false);
            await group.WriteAsync(ParquetRequestLog.Url, new ArraySegment<string>(url, 0, n)).ConfigureAwait(false);
            await group.WriteAsync(ParquetRequestLog.StatusCode, new ReadOnlyMemory<int>(status, 0, n)).ConfigureAwait(false);
            await group.WriteAsync(ParquetRequestLog.Error, new ArraySegment<string?>(error, 0, n)!).ConfigureAwait(false);
            await group.WriteAsync(ParquetRequestLog.SentTime, new ReadOnlyMemory<long>(sent, 0, n)).ConfigureAwait(false);
            await group.WriteAsync(ParquetRequestLog.BytesIn, new ReadOnlyMemory<long>(bytesIn, 0, n)).ConfigureAwait(false);
            await group.WriteAsync(ParquetRequestLog.BytesOut, new ReadOnlyMemory<long>(bytesOut, 0, n)).ConfigureAwait(false);
        }).GetAwaiter().GetResult();
    }
}
