using Faaswise.Load.Engine;
using Faaswise.Load.Results;

namespace Faaswise.Load.Tests.Results;

public sealed class RequestLogTests
{
    [Fact]
    public void WriterThenReader_RoundTripsEveryColumn()
    {
        var text = new StringWriter();
        var writer = new RequestLogWriter(text, ["http://a/f", "http://b/g?x=1,2"]);
        writer.Add(new RequestResult(0, 0, 1_000, 1_100, 5_000, 200, 17, 3, null));
        writer.Add(new RequestResult(1, 0, 2_000, 2_000, 9_000, 500, 0, 0, "500 Internal Server Error, \"really\""));
        writer.Add(new RequestResult(0, 1, 3_000, 3_000, 3_000, 0, 0, 0, RequestResult.DroppedError, Dropped: true));
        writer.Complete();

        var rows = RequestLogReader.Read(new StringReader(text.ToString())).ToArray();

        Assert.StartsWith(RequestLogWriter.Header + "\n", text.ToString(), StringComparison.Ordinal);
        Assert.Equal(new RequestLogRow(1_000, 5_000, "http://a/f", 200, null, 1_100, 17, 3), rows[0]);
        Assert.Equal(new RequestLogRow(2_000, 9_000, "http://b/g?x=1,2", 500, "500 Internal Server Error, \"really\"", 2_000, 0, 0), rows[1]);
        Assert.Equal(RequestResult.DroppedError, rows[2].Error);
    }

    [Fact]
    public void Reader_QShufWulaLog_OptionalColumnsAbsent()
    {
        var rows = RequestLogReader.Read(new StringReader("URL,RequestTime,ResponseTime,StatusCode\nhttp://gw/function/bert,1746389147000000000,1746389147250000000,200\n")).ToArray();

        Assert.Equal(new RequestLogRow(1746389147000000000, 1746389147250000000, "http://gw/function/bert", 200, null), rows.Single());
    }

    [Fact]
    public void Reader_BadRow_NamesTheLine()
    {
        var e = Assert.Throws<FormatException>(() => RequestLogReader.Read(new StringReader("RequestTime,ResponseTime,URL\n1,2,u\nx,2,u\n"), "log.csv").ToArray());

        Assert.StartsWith("log.csv:3:", e.Message, StringComparison.Ordinal);
    }
}
