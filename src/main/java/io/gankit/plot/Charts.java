package io.gankit.plot;

import io.gankit.BadInputException;
import java.awt.Color;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Table;

/**
 * The training charts of a run, from its history table (a {@code step} column and the game's
 * measures; for a GAN {@code d_loss, g_loss, d_real, d_fake}): loss curves and discriminator outputs.
 */
public final class Charts {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 420;

    private Charts() {}

    /** Line colours in order (matplotlib's first ten), so that d_loss is blue and g_loss orange. */
    private static final Color[] PALETTE = {
        new Color(31, 119, 180),
        new Color(255, 127, 14),
        new Color(44, 160, 44),
        new Color(214, 39, 40),
        new Color(148, 103, 189),
        new Color(140, 86, 75),
        new Color(227, 119, 194),
        new Color(127, 127, 127),
        new Color(188, 189, 34),
        new Color(23, 190, 207)
    };

    /**
     * Every loss of the history (each column whose name ends in {@code _loss}: D's and G's for a
     * GAN) against step, raw (faint) and as a moving average (bold).
     */
    public static XYChart lossCurves(Table t) {
        XYChart chart = base("Losses", "loss");
        double[] steps = t.longColumn("step").asDoubleArray();
        int i = 0;
        for (String name : t.columnNames()) {
            if (name.endsWith("_loss")) {
                addCurve(
                        chart,
                        name,
                        steps,
                        t.doubleColumn(name).asDoubleArray(),
                        PALETTE[i++ % PALETTE.length]);
            }
        }
        return chart;
    }

    /** Whether the history has mean D(x) and D(G(z)) ({@code d_real}, {@code d_fake}) to draw. */
    public static boolean hasDiscriminatorOutputs(Table t) {
        return t.containsColumn("d_real") && t.containsColumn("d_fake");
    }

    /**
     * Mean D(x) and D(G(z)) against step, with the line at 1/2 where they meet when the generator's
     * distribution matches the data's (D* = 1/2).
     */
    public static XYChart discriminatorOutputs(Table t) {
        XYChart chart = base("Discriminator outputs", "mean D");
        double[] steps = t.longColumn("step").asDoubleArray();
        addCurve(
                chart,
                "D(x)",
                steps,
                t.doubleColumn("d_real").asDoubleArray(),
                new Color(44, 160, 44));
        addCurve(
                chart,
                "D(G(z))",
                steps,
                t.doubleColumn("d_fake").asDoubleArray(),
                new Color(214, 39, 40));
        if (steps.length > 0) {
            XYSeries half = chart.addSeries(
                    "1/2", new double[] {steps[0], steps[steps.length - 1]}, new double[] {0.5, 0.5
                    });
            half.setMarker(SeriesMarkers.NONE);
            half.setLineColor(Color.GRAY);
        }
        return chart;
    }

    private static XYChart base(String title, String yTitle) {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle("step")
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(230, 230, 230));
        return chart;
    }

    private static void addCurve(XYChart chart, String name, double[] x, double[] y, Color color) {
        if (x.length == 0) {
            chart.addSeries(name, new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
            return;
        }
        int window = Math.max(1, x.length / 50);
        if (window > 1) {
            XYSeries raw = chart.addSeries(name + " (raw)", x, y);
            raw.setMarker(SeriesMarkers.NONE);
            raw.setLineColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 60));
            raw.setShowInLegend(false);
        }
        XYSeries smooth = chart.addSeries(name, x, movingAverage(y, window));
        smooth.setMarker(SeriesMarkers.NONE);
        smooth.setLineColor(color);
    }

    /** Trailing mean over {@code window} values (fewer at the start). */
    public static double[] movingAverage(double[] y, int window) {
        double[] out = new double[y.length];
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += y[i];
            if (i >= window) {
                sum -= y[i - window];
            }
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }

    /**
     * Curves over seeds, one per group (for example a sweep's cells): each group's mean as a line and
     * mean +- one standard deviation as a faint band. Each table has the columns {@code step, mean, sd}.
     */
    public static XYChart bands(String title, String yTitle, Map<String, Table> groups) {
        XYChart chart = base(title, yTitle);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        int i = 0;
        for (Map.Entry<String, Table> g : groups.entrySet()) {
            Color color = PALETTE[i++ % PALETTE.length];
            Table t = g.getValue();
            double[] x = t.longColumn("step").asDoubleArray();
            double[] mean = t.doubleColumn("mean").asDoubleArray();
            double[] sd = t.doubleColumn("sd").asDoubleArray();
            if (x.length == 0) {
                continue;
            }
            // The band as one polygon: along the upper edge, then back along the lower one.
            double[] px = new double[2 * x.length];
            double[] py = new double[2 * x.length];
            for (int k = 0; k < x.length; k++) {
                px[k] = x[k];
                py[k] = mean[k] + sd[k];
                px[2 * x.length - 1 - k] = x[k];
                py[2 * x.length - 1 - k] = mean[k] - sd[k];
            }
            XYSeries band = chart.addSeries(g.getKey() + " (sd)", px, py);
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setMarker(SeriesMarkers.NONE);
            band.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 50));
            band.setLineColor(new Color(0, 0, 0, 0));
            band.setShowInLegend(false);
            XYSeries line = chart.addSeries(g.getKey(), x, mean);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(color);
        }
        return chart;
    }

    /**
     * A heat-map of a value over a two-key grid, each cell labelled with its value: {@code values[y][x]}
     * for the x-key's {@code xValues} and the y-key's {@code yValues}; NaN for a cell without a value.
     */
    public static HeatMapChart heatMap(
            String title,
            String xKey,
            List<String> xValues,
            String yKey,
            List<String> yValues,
            double[][] values) {
        HeatMapChart chart = new HeatMapChartBuilder()
                .width(560)
                .height(460)
                .title(title)
                .xAxisTitle(xKey)
                .yAxisTitle(yKey)
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setShowValue(true);
        List<Number[]> cells = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int y = 0; y < yValues.size(); y++) {
            for (int x = 0; x < xValues.size(); x++) {
                if (Double.isFinite(values[y][x])) {
                    double shown = threeSignificantDigits(values[y][x]);
                    cells.add(new Number[] {x, y, shown});
                    min = Math.min(min, shown);
                    max = Math.max(max, shown);
                }
            }
        }
        // the colour scale spans the labels, so that every cell's colour is the value it shows
        chart.getStyler().setMin(cells.isEmpty() ? 0 : min);
        chart.getStyler().setMax(cells.isEmpty() ? 1 : max > min ? max : min + 1);
        chart.addSeries(title, xValues, yValues, cells);
        return chart;
    }

    /**
     * {@code v} to three significant digits (286.4 -> 286, 0.01234 -> 0.0123), the precision a
     * heat-map cell's label can carry and a reader compares at a glance.
     */
    static double threeSignificantDigits(double v) {
        return v == 0 ? 0 : new BigDecimal(v).round(new MathContext(3)).doubleValue();
    }
    /**
     * One line of {@link #means}: at each {@code x} a mean and its standard deviation (an error bar;
     * 0 draws none). Points whose mean is not finite are left out.
     */
    public record MeanSeries(String name, double[] x, double[] mean, double[] sd) {
        public MeanSeries {
            if (x.length != mean.length || x.length != sd.length) {
                throw new BadInputException(name + ": " + x.length + " x values, " + mean.length
                        + " means and " + sd.length + " sds; expected one of each per point");
            }
        }
    }

    /**
     * Means with error bars against a setting (for example a score against the training-set size),
     * one line per series, with a grey line at {@code level} named {@code levelName} (the value
     * that means "nothing to see"; NaN for none). {@code logX} draws the x axis in decades.
     */
    public static XYChart means(
            String title,
            String xTitle,
            String yTitle,
            boolean logX,
            List<MeanSeries> series,
            String levelName,
            double level) {
        XYChart chart = base(title, yTitle);
        chart.setXAxisTitle(xTitle);
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setXAxisDecimalPattern("#,###"); // 60,000 rather than 6E4
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int i = 0;
        for (MeanSeries s : series) {
            Color color = PALETTE[i++ % PALETTE.length];
            List<Integer> keep = new ArrayList<>();
            for (int k = 0; k < s.x().length; k++) {
                if (Double.isFinite(s.mean()[k]) && Double.isFinite(s.x()[k])) {
                    keep.add(k);
                }
            }
            if (keep.isEmpty()) {
                continue;
            }
            double[] x = keep.stream().mapToDouble(k -> s.x()[k]).toArray();
            double[] y = keep.stream().mapToDouble(k -> s.mean()[k]).toArray();
            double[] e = keep.stream()
                    .mapToDouble(k -> Double.isFinite(s.sd()[k]) ? s.sd()[k] : 0)
                    .toArray();
            XYSeries line = chart.addSeries(s.name(), x, y, e);
            line.setLineColor(color);
            line.setMarkerColor(color);
            lo = Math.min(lo, Arrays.stream(x).min().orElseThrow());
            hi = Math.max(hi, Arrays.stream(x).max().orElseThrow());
        }
        if (Double.isFinite(level) && lo <= hi) {
            XYSeries ref =
                    chart.addSeries(levelName, new double[] {lo, hi}, new double[] {level, level});
            ref.setMarker(SeriesMarkers.NONE);
            ref.setLineColor(Color.GRAY);
        }
        return chart;
    }

    /**
     * Bars of values per category, one series per group (for example the arms of an experiment),
     * each bar with an error bar of {@code errors} (one standard deviation): {@code values.get(name)[i]}
     * is series {@code name}'s value in {@code categories.get(i)}. The value axis starts at 0, so
     * that bar lengths compare honestly; the error bars show whether a difference is more than noise.
     */
    public static CategoryChart bars(
            String title,
            String yTitle,
            List<String> categories,
            Map<String, double[]> values,
            Map<String, double[]> errors) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setSeriesColors(PALETTE);
        chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            double[] v = e.getValue();
            double[] err = errors.get(e.getKey());
            if (v.length != categories.size() || err == null || err.length != v.length) {
                throw new BadInputException(e.getKey() + ": " + v.length + " values and "
                        + (err == null ? "no" : Integer.toString(err.length)) + " errors for "
                        + categories.size() + " categories; expected one of each per category");
            }
            chart.addSeries(e.getKey(), categories, toList(v), toList(err));
        }
        chart.getStyler().setYAxisMin(0.0);
        return chart;
    }

    private static List<Double> toList(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double x : v) {
            out.add(Double.isFinite(x) ? x : 0);
        }
        return out;
    }
}
