package io.gankit.plot;

import java.awt.Color;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Table;

/**
 * The training charts of a run, from its history table (columns {@code step, d_loss, g_loss, d_real,
 * d_fake}): loss curves and discriminator outputs.
 */
public final class Charts {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 420;

    private Charts() {}

    /** D and G losses against step, raw (faint) and as a moving average (bold). */
    public static XYChart lossCurves(Table t) {
        XYChart chart = base("Losses", "loss");
        double[] steps = t.longColumn("step").asDoubleArray();
        addCurve(chart, "d_loss", steps, t.doubleColumn("d_loss").asDoubleArray(), new Color(31, 119, 180));
        addCurve(chart, "g_loss", steps, t.doubleColumn("g_loss").asDoubleArray(), new Color(255, 127, 14));
        return chart;
    }

    /**
     * Mean D(x) and D(G(z)) against step, with the line at 1/2 where they meet when the generator's
     * distribution matches the data's (D* = 1/2).
     */
    public static XYChart discriminatorOutputs(Table t) {
        XYChart chart = base("Discriminator outputs", "mean D");
        double[] steps = t.longColumn("step").asDoubleArray();
        addCurve(chart, "D(x)", steps, t.doubleColumn("d_real").asDoubleArray(), new Color(44, 160, 44));
        addCurve(chart, "D(G(z))", steps, t.doubleColumn("d_fake").asDoubleArray(), new Color(214, 39, 40));
        if (steps.length > 0) {
            XYSeries half = chart.addSeries("1/2", new double[] {steps[0], steps[steps.length - 1]}, new double[] {0.5, 0.5});
            half.setMarker(SeriesMarkers.NONE);
            half.setLineColor(Color.GRAY);
        }
        return chart;
    }

    private static XYChart base(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("step")
                .yAxisTitle(yTitle).build();
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
}
