using System.Globalization;
using System.Text;

namespace Faaswise.Simulation.Output;

/// <summary>Writes CSV lines to a file through a large buffer, formatting numbers without allocating.</summary>
internal sealed class CsvLineWriter : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly char[] _buffer = new char[64];

    public CsvLineWriter(string path, string header)
    {
        _writer = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16), new UTF8Encoding(false), 1 << 16);
        _writer.Write(header);
        _writer.Write('\n');
    }

    public CsvLineWriter Text(string value)
    {
        _writer.Write(value);
        return this;
    }

    public CsvLineWriter Comma()
    {
        _writer.Write(',');
        return this;
    }

    public CsvLineWriter Number(long value)
    {
        value.TryFormat(_buffer, out var n, default, CultureInfo.InvariantCulture);
        _writer.Write(_buffer, 0, n);
        return this;
    }

    /// <summary>A number with at most <paramref name="format"/>'s digits; NaN as an empty field.</summary>
    public CsvLineWriter Number(double value, string format = "0.######")
    {
        if (double.IsNaN(value)) return this;
        value.TryFormat(_buffer, out var n, format, CultureInfo.InvariantCulture);
        _writer.Write(_buffer, 0, n);
        return this;
    }

    public void EndLine() => _writer.Write('\n');

    public void Dispose() => _writer.Dispose();
}
