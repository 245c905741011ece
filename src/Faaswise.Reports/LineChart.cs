namespace Faaswise.Reports;

/// <summary>A line chart with labelled axes (units in the labels) and a legend.</summary>
/// <param name="Title">Title above the plot.</param>
/// <param name="XLabel">X axis label with its unit.</param>
/// <param name="YLabel">Y axis label with its unit.</param>
/// <param name="Series">The lines.</param>
public sealed record LineChart(string Title, string XLabel, string YLabel, IReadOnlyList<LineSeries> Series)
{
    /// <summary>Plot the x axis on a log10 scale (values must be &gt; 0).</summary>
    public bool LogX { get; init; }

    /// <summary>Draw markers at the points.</summary>
    public bool Markers { get; init; }

    /// <summary>Draw only the points, no lines (a scatter plot).</summary>
    public bool PointsOnly { get; init; }

    /// <summary>Draw the y = x line (predicted against measured).</summary>
    public bool Identity { get; init; }

    /// <summary>Fixed y range, when given.</summary>
    public (double Min, double Max)? YRange { get; init; }

    /// <summary>A horizontal reference line and its label (e.g. a capacity).</summary>
    public (double Y, string Label)? Reference { get; init; }

    /// <summary>Writes the chart as a PNG.</summary>
    public void SavePng(string path, int width = 900, int height = 540) => Save(path, width, height, svg: false);

    /// <summary>Writes the chart as SVG when <paramref name="path"/> ends in <c>.svg</c>, else as PNG.</summary>
    public void SaveAs(string path, int width = 900, int height = 540) =>
        Save(path, width, height, svg: path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase));

    private void Save(string path, int width, int height, bool svg)
    {
        ChartFont.Ensure();
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < Series.Count; i++)
        {
            var s = Series[i];
            var xs = LogX ? s.X.Select(Math.Log10).ToArray() : s.X.ToArray();
            var line = plot.Add.Scatter(xs, s.Y.ToArray());
            line.LegendText = s.Label;
            line.Color = palette.GetColor(i);
            line.LineWidth = PointsOnly ? 0 : 2;
            line.MarkerSize = Markers || PointsOnly ? 6 : 0;
            if (s.YError is { } errors)
            {
                var bars = plot.Add.ErrorBar(xs, s.Y.ToArray(), errors.Select(e => double.IsFinite(e) ? e : 0).ToArray());
                bars.Color = palette.GetColor(i);
            }
        }

        if (Identity && Series.Count > 0)
        {
            var values = Series.SelectMany(s => s.X.Concat(s.Y)).ToArray();
            var (low, high) = (values.Min(), values.Max());
            var diagonal = plot.Add.Line(low, low, high, high);
            diagonal.LegendText = "measured = predicted";
            diagonal.LinePattern = ScottPlot.LinePattern.Dashed;
            diagonal.Color = ScottPlot.Colors.Gray;
        }

        if (Reference is { } reference)
        {
            var h = plot.Add.HorizontalLine(reference.Y);
            h.LegendText = reference.Label;
            h.LinePattern = ScottPlot.LinePattern.Dashed;
            h.Color = ScottPlot.Colors.Gray;
        }

        if (LogX)
        {
            var all = Series.SelectMany(s => s.X).Where(x => x > 0).ToArray();
            if (all.Length > 0) plot.Axes.Bottom.TickGenerator = LogTicks(all.Min(), all.Max());
        }

        plot.Title(Title);
        plot.XLabel(XLabel);
        plot.YLabel(YLabel);
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        if (YRange is { } range) plot.Axes.SetLimitsY(range.Min, range.Max);
        if (svg) plot.SaveSvg(path, width, height);
        else plot.SavePng(path, width, height);
    }

    /// <summary>Ticks at 1, 2 and 5 times the powers of ten spanning the data, labelled with their values.</summary>
    private static ScottPlot.TickGenerators.NumericManual LogTicks(double min, double max)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var decade = Math.Floor(Math.Log10(min)); decade <= Math.Ceiling(Math.Log10(max)); decade++)
        {
            foreach (var m in new[] { 1.0, 2, 5 })
            {
                var v = m * Math.Pow(10, decade);
                if (v >= min / 1.5 && v <= max * 1.5) ticks.AddMajor(Math.Log10(v), v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return ticks;
    }
}
