using System.Text;
using Faaswise.Load.Engine.EventLoop;
using Faaswise.Load.Targets;

namespace Faaswise.Load.Tests.Engine;

public sealed class Http1RequestEncoderTests
{
    [Fact]
    public void Encode_Get_HostAndUserAgent()
    {
        var bytes = Http1RequestEncoder.Encode(Target.Get(new Uri("http://127.0.0.1:8080/function/figlet?x=1")));

        Assert.Equal("GET /function/figlet?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: faaswise\r\n\r\n", Encoding.ASCII.GetString(bytes));
    }

    [Fact]
    public void Encode_PostWithBodyAndHeaders_ContentLengthFromBody()
    {
        var target = new Target("POST", new Uri("http://gw/f"), "abc"u8.ToArray(), [new("Host", "example"), new("Content-Length", "999"), new("X-A", "1")]);

        Assert.Equal("POST /f HTTP/1.1\r\nUser-Agent: faaswise\r\nHost: example\r\nX-A: 1\r\nContent-Length: 3\r\n\r\nabc", Encoding.ASCII.GetString(Http1RequestEncoder.Encode(target)));
    }

    [Fact]
    public void Encode_HeaderWithLineBreak_Throws()
    {
        var target = new Target("GET", new Uri("http://gw/"), ReadOnlyMemory<byte>.Empty, [new("X-A", "1\r\nX-B: 2")]);

        Assert.Throws<FormatException>(() => Http1RequestEncoder.Encode(target));
    }
}
