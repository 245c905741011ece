using System.Diagnostics;
using System.Globalization;
using Faaswise.Load.Engine;

namespace Faaswise.Load.Results;

/// <summary>
/// Writes one CSV row per request. Column order: <c>RequestTime,ResponseTime,URL,StatusCode,Error</c> (QShuf's
/// log format; times in Unix epoch ns, RequestTime the intended send time) then <c>SentTime,BytesIn,BytesOut</c>.
/// Dropped sends appear with status 0. The file is flushed at least once a second, so an interrupted run keeps
/// what it measured.
/// </summary>
public sealed class RequestLogWriter : IResultSink, IDisposable
{
    /// <summary>The header line.</summary>
    public const string Header = "RequestTime,ResponseTime,URL,StatusCode,Error,SentTime,BytesIn,BytesOut";

    private readonly TextWriter _writer;
    private readonly string[] _urls;
    private readonly bool _leaveOpen;
    private long _lastFlush = Stopwatch.GetTimestamp();

    /// <summary>Creates a writer over <paramref name="writer"/> (owned unless <paramref name="leaveOpen"/>) for targets whose URLs are given in attack order.</summary>
    public RequestLogWriter(TextWriter writer, IEnumerable<string> targetUrls, bool leaveOpen = false)
    {
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _leaveOpen = leaveOpen;
        _urls = [.. targetUrls.Select(Csv.Escape)];
        _writer.Write(Header);
        _writer.Write('\n');
    }

    /// <summary>Creates the file at <paramref name="path"/> (replacing it).</summary>
    public static RequestLogWriter Create(string path, IEnumerable<string> targetUrls) =>
        new(new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false), 1 << 16), targetUrls);

    /// <inheritdoc />
    public void Add(in RequestResult result)
    {
        var r = result;
        var inv = CultureInfo.InvariantCulture;
        var w = _writer;
        w.Write(r.IntendedAt.ToString(inv));
        w.Write(',');
        w.Write(r.CompletedAt.ToString(inv));
        w.Write(',');
        w.Write(_urls[r.Target]);
        w.Write(',');
        w.Write(r.StatusCode.ToString(inv));
        w.Write(',');
        if (r.Error is not null) w.Write(Csv.Escape(r.Error));
        w.Write(',');
        w.Write(r.SentAt.ToString(inv));
        w.Write(',');
        w.Write(r.BytesIn.ToString(inv));
        w.Write(',');
        w.Write(r.BytesOut.ToString(inv));
        w.Write('\n');
        if (Stopwatch.GetElapsedTime(_lastFlush) > TimeSpan.FromSeconds(1))
        {
            w.Flush();
            _lastFlush = Stopwatch.GetTimestamp();
        }
    }

    /// <inheritdoc />
    public void Complete() => _writer.Flush();

    /// <inheritdoc />
    public void Dispose()
    {
        if (_leaveOpen) _writer.Flush();
        else _writer.Dispose();
    }
}
