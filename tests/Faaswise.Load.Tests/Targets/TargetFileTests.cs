using Faaswise.Load.Targets;

using Faaswise.Testing;

namespace Faaswise.Load.Tests.Targets;

public sealed class TargetFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();


    [Fact]
    public void Load_VegetaJsonLines_ReadsEveryField()
    {
        var targets = TargetFile.Load(_dir.Write("targets.jsonl", """
            {"method":"post","url":"http://127.0.0.1:8080/function/shasum","body":"aGVsbG8=","header":{"X-A":["1","2"],"Content-Type":["text/plain"]},"rate":25}

            {"url":"http://127.0.0.1:8080/function/env"}
            """));

        Assert.Equal(2, targets.Count);
        Assert.Equal("POST", targets[0].Method);
        Assert.Equal("hello", System.Text.Encoding.ASCII.GetString(targets[0].Body.Span));
        Assert.Equal([new("X-A", "1"), new("X-A", "2"), new("Content-Type", "text/plain")], targets[0].Headers);
        Assert.Equal(25, targets[0].Rate);
        Assert.Equal("GET", targets[1].Method);
        Assert.Null(targets[1].Rate);
    }

    [Fact]
    public void Load_VegetaTextFormat_ReadsMethodUrlHeadersAndBodyFile_SkippingComments()
    {
        var body = _dir.Write("body.json", "{\"n\":1}");
        var targets = TargetFile.Load(_dir.Write("targets.txt", $"""
            # two targets in vegeta's http format
            POST http://127.0.0.1:8080/function/shasum
            Content-Type: application/json
            X-A: 1
            @{body}

            get http://127.0.0.1:8080/function/env
            """));

        Assert.Equal(2, targets.Count);
        Assert.Equal(("POST", "http://127.0.0.1:8080/function/shasum"), (targets[0].Method, targets[0].Url.ToString()));
        Assert.Equal([new("Content-Type", "application/json"), new("X-A", "1")], targets[0].Headers);
        Assert.Equal("{\"n\":1}", System.Text.Encoding.UTF8.GetString(targets[0].Body.Span));
        Assert.Equal(("GET", 0, 0), (targets[1].Method, targets[1].Headers.Count, targets[1].Body.Length));
    }

    [Theory]
    [InlineData("GET\n", ":1: 'GET' is not 'METHOD URL'")]
    [InlineData("GET http://a/\nno header here\n", ":2: 'no header here' is not a 'Name: value' header")]
    [InlineData("GET http://a/\n@/nonexistent/body\n", ":2: body file /nonexistent/body does not exist")]
    [InlineData("GET ftp://a/\n", ":1: ")]
    public void Load_BadTextTarget_NamesTheLine(string text, string reason)
    {
        var path = _dir.Write("bad.txt", text);
        Assert.Contains(path + reason, Assert.Throws<FormatException>(() => TargetFile.Load(path)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"url\":\"http://a/\"}\nnot json", ":2: not a JSON object")]
    [InlineData("{\"method\":\"GET\"}", ":1: missing url")]
    [InlineData("{\"url\":\"ftp://a/\"}", "is not an http:// or https:// URL")]
    [InlineData("{\"url\":\"http://a/\",\"body\":\"!!!\"}", "body is not base64")]
    [InlineData("{\"url\":\"http://a/\",\"rate\":0}", "rate must be a number > 0")]
    [InlineData("{\"url\":\"http://a/\",\"speed\":1}", "unknown field 'speed'")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("\n\n", "no targets")]
    public void Load_Malformed_NamesFileLineAndReason(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => TargetFile.Load(_dir.Write("targets.jsonl", text)));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("targets.jsonl", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_FormatExceptionWithReason()
    {
        Assert.Contains("cannot read targets file", Assert.Throws<FormatException>(() => TargetFile.Load(Path.Combine(_dir.Path, "none"))).Message, StringComparison.Ordinal);
    }
}
