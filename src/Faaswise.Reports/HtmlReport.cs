using System.Net;
using System.Text;

namespace Faaswise.Reports;

/// <summary>
/// A static HTML report: one file with its images beside it, inline style, no script, no network access. Text is
/// encoded; image and link paths are relative to the report's folder.
/// </summary>
public sealed class HtmlReport(string title)
{
    private readonly StringBuilder _body = new();

    /// <summary>A section heading.</summary>
    public HtmlReport Heading(string text, int level = 2)
    {
        _body.Append("<h").Append(level).Append('>').Append(Encode(text)).Append("</h").Append(level).Append(">\n");
        return this;
    }

    /// <summary>A paragraph of plain text.</summary>
    public HtmlReport Paragraph(string text)
    {
        _body.Append("<p>").Append(Encode(text)).Append("</p>\n");
        return this;
    }

    /// <summary>A table; the first column is left-aligned, the others right-aligned.</summary>
    public HtmlReport Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        _body.Append("<table>\n<tr>");
        foreach (var h in header) _body.Append("<th>").Append(Encode(h)).Append("</th>");
        _body.Append("</tr>\n");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (var cell in row) _body.Append("<td>").Append(Encode(cell)).Append("</td>");
            _body.Append("</tr>\n");
        }

        _body.Append("</table>\n");
        return this;
    }

    /// <summary>Figures side by side, each an image (path relative to the report) with a caption.</summary>
    public HtmlReport Figures(params (string Image, string Caption)[] figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        _body.Append("<div class=\"figures\">\n");
        foreach (var (image, caption) in figures)
        {
            _body.Append("<figure><img src=\"").Append(Encode(image.Replace('\\', '/'))).Append("\" alt=\"").Append(Encode(caption))
                .Append("\"><figcaption>").Append(Encode(caption)).Append("</figcaption></figure>\n");
        }

        _body.Append("</div>\n");
        return this;
    }

    /// <summary>A list of links to files beside the report.</summary>
    public HtmlReport Links(params (string Path, string Text)[] links)
    {
        ArgumentNullException.ThrowIfNull(links);
        _body.Append("<ul>\n");
        foreach (var (path, text) in links)
        {
            _body.Append("<li><a href=\"").Append(Encode(path.Replace('\\', '/'))).Append("\">").Append(Encode(path)).Append("</a>: ").Append(Encode(text)).Append("</li>\n");
        }

        _body.Append("</ul>\n");
        return this;
    }

    /// <summary>The whole document.</summary>
    public string Render() => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>{{Encode(title)}}</title>
        <style>
        body { font-family: sans-serif; margin: 2em auto; max-width: 1900px; padding: 0 1em; color: #222; background: #fff; }
        h1 { border-bottom: 2px solid #1f77b4; padding-bottom: .3em; }
        h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
        table { border-collapse: collapse; margin: 1em 0; font-size: 14px; }
        th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: right; }
        th:first-child, td:first-child { text-align: left; }
        th { background: #f0f4f8; }
        .figures { display: flex; flex-wrap: wrap; gap: 1em; }
        figure { margin: 0; width: 620px; max-width: 100%; }
        figure img { width: 100%; border: 1px solid #ddd; }
        figcaption { font-size: 13px; color: #555; }
        </style>
        </head>
        <body>
        <h1>{{Encode(title)}}</h1>
        {{_body}}</body>
        </html>

        """;

    /// <summary>Writes the document.</summary>
    public void Save(string path) => File.WriteAllText(path, Render(), new UTF8Encoding(false));

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
