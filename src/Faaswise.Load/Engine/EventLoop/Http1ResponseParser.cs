using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Faaswise.Load.Engine.EventLoop;

/// <summary>
/// Incremental HTTP/1.x response parser: feed it bytes as they arrive, in any split, until
/// <see cref="IsComplete"/>. Handles Content-Length, chunked and read-until-close bodies, interim 1xx
/// responses, and the no-body cases (HEAD, 204, 304). Counts body bytes without keeping them.
/// </summary>
internal sealed class Http1ResponseParser
{
    private const int MaxLineBytes = 64 * 1024;

    private enum State { StatusLine, Headers, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, UntilClose, Done }

    private byte[] _line = new byte[256];
    private int _lineLength;
    private State _state;
    private bool _headRequest;
    private long _contentLength;
    private bool _chunked;
    private long _remaining;

    /// <summary>Status code of the final (non-1xx) response; 0 until its status line is read.</summary>
    public int StatusCode { get; private set; }

    /// <summary>Reason phrase of the status line, for statuses outside 200..399 (empty otherwise).</summary>
    public string Reason { get; private set; } = "";

    /// <summary>Body bytes read so far (after chunk decoding).</summary>
    public long BodyBytes { get; private set; }

    /// <summary>True when the connection may carry another request after this response.</summary>
    public bool KeepAlive { get; private set; }

    /// <summary>True once the whole response has been read.</summary>
    public bool IsComplete => _state == State.Done;

    /// <summary>True when any byte of the response has arrived.</summary>
    public bool Started { get; private set; }

    /// <summary>Prepares for the next response; <paramref name="headRequest"/> means no body follows.</summary>
    public void Reset(bool headRequest)
    {
        _state = State.StatusLine;
        _lineLength = 0;
        _headRequest = headRequest;
        _contentLength = -1;
        _chunked = false;
        _remaining = 0;
        StatusCode = 0;
        Reason = "";
        BodyBytes = 0;
        KeepAlive = true;
        Started = false;
    }

    /// <summary>
    /// Consumes bytes; returns how many were used (fewer than given only when the response completed).
    /// Throws <see cref="FormatException"/> on a malformed response.
    /// </summary>
    public int Feed(ReadOnlySpan<byte> data)
    {
        if (data.Length > 0) Started = true;
        var used = 0;
        while (used < data.Length && _state != State.Done)
        {
            var rest = data[used..];
            switch (_state)
            {
                case State.Body:
                case State.ChunkData:
                {
                    var n = (int)Math.Min(_remaining, rest.Length);
                    BodyBytes += n;
                    _remaining -= n;
                    used += n;
                    if (_remaining == 0) _state = _state == State.Body ? State.Done : State.ChunkDataEnd;
                    break;
                }

                case State.UntilClose:
                    BodyBytes += rest.Length;
                    used += rest.Length;
                    break;
                default:
                {
                    var newline = rest.IndexOf((byte)'\n');
                    var take = newline < 0 ? rest.Length : newline + 1;
                    if (_lineLength + take > _line.Length)
                    {
                        if (_lineLength + take > MaxLineBytes) throw new FormatException("response line longer than 64 KiB");
                        Array.Resize(ref _line, Math.Min(MaxLineBytes, Math.Max(_line.Length * 2, _lineLength + take)));
                    }

                    rest[..take].CopyTo(_line.AsSpan(_lineLength));
                    _lineLength += take;
                    used += take;
                    if (newline >= 0)
                    {
                        var line = _line.AsSpan(0, _lineLength).TrimEnd("\r\n"u8);
                        _lineLength = 0;
                        OnLine(line);
                    }

                    break;
                }
            }
        }

        return used;
    }

    /// <summary>The peer closed the connection; returns true when that ends the response properly.</summary>
    public bool OnEndOfStream()
    {
        if (_state == State.UntilClose)
        {
            _state = State.Done;
            KeepAlive = false;
        }

        return _state == State.Done;
    }

    private void OnLine(ReadOnlySpan<byte> line)
    {
        switch (_state)
        {
            case State.StatusLine:
                ParseStatusLine(line);
                _state = State.Headers;
                break;
            case State.Headers:
                if (line.IsEmpty) EndOfHeaders(); else ParseHeader(line);
                break;
            case State.ChunkSize:
            {
                var semicolon = line.IndexOf((byte)';');
                var hex = (semicolon < 0 ? line : line[..semicolon]).Trim((byte)' ');
                if (!Utf8Parser.TryParse(hex, out long size, out var consumed, 'X') || consumed != hex.Length || size < 0)
                {
                    throw new FormatException("bad chunk size");
                }

                _remaining = size;
                _state = size == 0 ? State.Trailers : State.ChunkData;
                break;
            }

            case State.ChunkDataEnd:
                if (!line.IsEmpty) throw new FormatException("chunk not followed by CRLF");
                _state = State.ChunkSize;
                break;
            case State.Trailers:
                if (line.IsEmpty) _state = State.Done;
                break;
        }
    }

    private void ParseStatusLine(ReadOnlySpan<byte> line)
    {
        // HTTP/1.1 200 OK
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || line[8] != (byte)' '
            || !Utf8Parser.TryParse(line.Slice(9, 3), out int code, out var n) || n != 3 || code < 100)
        {
            throw new FormatException("bad status line");
        }

        StatusCode = code;

        // Only error texts show the reason phrase; decoding it for every 200 would allocate per response.
        Reason = code is < 200 or >= 400 && line.Length > 13 ? Encoding.ASCII.GetString(line[13..]) : "";
        KeepAlive = line[7] == (byte)'1';
    }

    private void ParseHeader(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0) throw new FormatException("bad header line");
        var name = line[..colon];
        var value = line[(colon + 1)..].Trim((byte)' ').Trim((byte)'\t');
        if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
        {
            if (!Utf8Parser.TryParse(value, out long length, out var n) || n != value.Length || length < 0)
            {
                throw new FormatException("bad Content-Length");
            }

            _contentLength = length;
        }
        else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
        {
            _chunked = ContainsIgnoreCase(value, "chunked"u8);
        }
        else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
        {
            if (ContainsIgnoreCase(value, "close"u8)) KeepAlive = false;
            else if (ContainsIgnoreCase(value, "keep-alive"u8)) KeepAlive = true;
        }
    }

    private void EndOfHeaders()
    {
        if (StatusCode is >= 100 and < 200)
        {
            // Interim response (100 Continue, 103 Early Hints): the final one follows.
            Reset(_headRequest);
            Started = true;
            return;
        }

        if (_headRequest || StatusCode is 204 or 304)
        {
            _state = State.Done;
        }
        else if (_chunked)
        {
            _state = State.ChunkSize;
        }
        else if (_contentLength >= 0)
        {
            _remaining = _contentLength;
            _state = _contentLength == 0 ? State.Done : State.Body;
        }
        else
        {
            _state = State.UntilClose;
            KeepAlive = false;
        }
    }

    private static bool ContainsIgnoreCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        for (var i = 0; i + token.Length <= value.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(value.Slice(i, token.Length), token)) return true;
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{_state} {StatusCode} {BodyBytes} B");
}
