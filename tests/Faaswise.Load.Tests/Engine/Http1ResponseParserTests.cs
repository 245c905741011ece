using System.Text;
using Faaswise.Load.Engine.EventLoop;

namespace Faaswise.Load.Tests.Engine;

public sealed class Http1ResponseParserTests
{
    private static Http1ResponseParser ParseInPieces(string response, int pieceSize, bool head = false)
    {
        var parser = new Http1ResponseParser();
        parser.Reset(head);
        var bytes = Encoding.ASCII.GetBytes(response);
        var used = 0;
        for (var i = 0; i < bytes.Length && !parser.IsComplete; i += pieceSize)
        {
            used += parser.Feed(bytes.AsSpan(i, Math.Min(pieceSize, bytes.Length - i)));
        }

        Assert.Equal(bytes.Length, used);
        return parser;
    }

    public static TheoryData<int> PieceSizes => [1, 2, 3, 7, 64, 4096];

    [Theory]
    [MemberData(nameof(PieceSizes))]
    public void Feed_ContentLength_CompletesWithBodyBytes(int piece)
    {
        var p = ParseInPieces("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world", piece);

        Assert.True(p.IsComplete);
        Assert.Equal(200, p.StatusCode);
        Assert.Equal("", p.Reason); // decoded for error statuses only
        Assert.Equal(11, p.BodyBytes);
        Assert.True(p.KeepAlive);
    }

    [Theory]
    [MemberData(nameof(PieceSizes))]
    public void Feed_Chunked_DecodesChunksAndTrailers(int piece)
    {
        var p = ParseInPieces("HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n", piece);

        Assert.True(p.IsComplete);
        Assert.Equal(503, p.StatusCode);
        Assert.Equal("Service Unavailable", p.Reason);
        Assert.Equal(15, p.BodyBytes);
    }

    [Fact]
    public void Feed_InterimContinue_WaitsForTheFinalResponse()
    {
        var p = ParseInPieces("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok", 5);

        Assert.Equal(201, p.StatusCode);
        Assert.Equal(2, p.BodyBytes);
    }

    [Theory]
    [InlineData("HTTP/1.1 204 No Content\r\nContent-Length: 99\r\n\r\n", false)]
    [InlineData("HTTP/1.1 304 Not Modified\r\n\r\n", false)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", true)]
    public void Feed_NoBodyResponses_CompleteAtEndOfHeaders(string response, bool head)
    {
        var p = ParseInPieces(response, 4, head);

        Assert.True(p.IsComplete);
        Assert.Equal(0, p.BodyBytes);
    }

    [Fact]
    public void Feed_NoLength_ReadsUntilClose()
    {
        var p = ParseInPieces("HTTP/1.0 200 OK\r\n\r\nbody until close", 3);

        Assert.False(p.IsComplete);
        Assert.True(p.OnEndOfStream());
        Assert.Equal(16, p.BodyBytes);
        Assert.False(p.KeepAlive);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", false)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false)]
    [InlineData("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n", true)]
    public void Feed_ConnectionHeader_DecidesKeepAlive(string response, bool keepAlive)
    {
        Assert.Equal(keepAlive, ParseInPieces(response, 100).KeepAlive);
    }

    [Theory]
    [InlineData("SMTP/1.1 200 OK\r\n")]
    [InlineData("HTTP/1.1 2x0 OK\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")]
    public void Feed_Malformed_Throws(string response)
    {
        var parser = new Http1ResponseParser();
        parser.Reset(false);
        Assert.Throws<FormatException>(() => parser.Feed(Encoding.ASCII.GetBytes(response)));
    }

    [Fact]
    public void OnEndOfStream_MidBody_IsNotAProperEnd()
    {
        var parser = new Http1ResponseParser();
        parser.Reset(false);
        parser.Feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"u8);

        Assert.True(parser.Started);
        Assert.False(parser.OnEndOfStream());
    }
}
