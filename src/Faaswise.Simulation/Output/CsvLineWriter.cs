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
        if (decimals == 6) return Micro(value);
        long scale = 1;
        for (var i = 0; i < decimals; i++) scale *= 10;
        var scaled = (long)Math.Round(Math.Abs(value) * scale, MidpointRounding.AwayFromZero);
        if (value < 0 && scaled != 0) _buffer[_used++] = (byte)'-';
        Utf8Formatter.TryFormat(scaled / scale, _buffer.AsSpan(_used), out var n);
        _used += n;
        var fraction = scaled % scale;
        if (fraction == 0) return this;
        _buffer[_used++] = (byte)'.';
        for (var i = decimals - 1; i >= 0; i--)
        {
            _buffer[_used + i] = (byte)('0' + fraction % 10);
            fraction /= 10;
        }

        _used += decimals;
        TrimZeros();
        return this;
    }

    /// <summary>The hot path of the request log: six decimals, with divisions by constants the JIT turns into multiplications.</summary>
    private CsvLineWriter Micro(double value)
    {
        var scaled = (long)Math.Round(Math.Abs(value) * 1e6, MidpointRounding.AwayFromZero);
        if (value < 0 && scaled != 0) _buffer[_used++] = (byte)'-';
        var whole = scaled / 1_000_000;
        var fraction = (int)(scaled - whole * 1_000_000);
        Utf8Formatter.TryFormat(whole, _buffer.AsSpan(_used), out var n);
        _used += n;
        if (fraction == 0) return this;
        _buffer[_used++] = (byte)'.';
        var high = fraction / 1000;
        ThreeDigits(high);
        ThreeDigits(fraction - high * 1000);
        TrimZeros();
        return this;
    }

    private void ThreeDigits(int value)
    {
        var hundreds = value / 100;
        var rest = value - hundreds * 100;
        var tens = rest / 10;
        _buffer[_used] = (byte)('0' + hundreds);
        _buffer[_used + 1] = (byte)('0' + tens);
        _buffer[_used + 2] = (byte)('0' + rest - tens * 10);
        _used += 3;
    }

    private void TrimZeros()
    {
        while (_buffer[_used - 1] == (byte)'0') _used--;
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
