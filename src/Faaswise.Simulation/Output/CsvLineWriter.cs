using System.Buffers.Text;
using System.Text;

namespace Faaswise.Simulation.Output;

/// <summary>
/// Writes CSV lines as UTF-8 straight into a byte buffer, formatting numbers without allocating: the per-request log
/// is the simulator's largest output, so it must not cost more than the simulation.
/// </summary>
internal sealed class CsvLineWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _used;

    public CsvLineWriter(string path, string header)
    {
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1);
        Text(header).EndLine();
    }

    public CsvLineWriter Text(string value)
    {
        Reserve(Encoding.UTF8.GetMaxByteCount(value.Length));
        _used += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_used));
        return this;
    }

    public CsvLineWriter Bytes(ReadOnlySpan<byte> utf8)
    {
        Reserve(utf8.Length);
        utf8.CopyTo(_buffer.AsSpan(_used));
        _used += utf8.Length;
        return this;
    }

    public CsvLineWriter Comma()
    {
        Reserve(1);
        _buffer[_used++] = (byte)',';
        return this;
    }

    public CsvLineWriter Number(long value)
    {
        Reserve(24);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_used), out var n);
        _used += n;
        return this;
    }

    /// <summary>A number rounded to <paramref name="decimals"/> decimals (at most 9), trailing zeros dropped; NaN as an empty field.</summary>
    public CsvLineWriter Number(double value, int decimals = 6)
    {
        if (double.IsNaN(value)) return this;
        if (!double.IsFinite(value) || Math.Abs(value) >= 9e9)
        {
            return Text(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        }

        Reserve(32);
        long scale = 1;
        for (var i = 0; i < decimals; i++) scale *= 10;
        var scaled = (long)Math.Round(Math.Abs(value) * scale, MidpointRounding.AwayFromZero);
        if (value < 0 && scaled != 0) _buffer[_used++] = (byte)'-';
        Utf8Formatter.TryFormat(scaled / scale, _buffer.AsSpan(_used), out var n);
        _used += n;
        var fraction = scaled % scale;
        if (fraction == 0) return this;
        var digits = decimals;
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }

        _buffer[_used++] = (byte)'.';
        for (var i = digits - 1; i >= 0; i--)
        {
            _buffer[_used + i] = (byte)('0' + fraction % 10);
            fraction /= 10;
        }

        _used += digits;
        return this;
    }

    public void EndLine()
    {
        Reserve(1);
        _buffer[_used++] = (byte)'\n';
    }

    public void Dispose()
    {
        Flush();
        _stream.Dispose();
    }

    private void Reserve(int bytes)
    {
        if (_used + bytes > _buffer.Length) Flush();
    }

    private void Flush()
    {
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }
}
