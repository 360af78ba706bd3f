package io.gankit.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts of the GAN game itself rather than of a run: densities with the optimal discriminator,
 * the value function against how far the generator is from the data, the generator's gradient
 * under the saturating and non-saturating losses, and histograms of discriminator probabilities.
 */
public final class TheoryCharts {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 380;
    private static final Color DATA = new Color(44, 160, 44);
    private static final Color GENERATOR = new Color(214, 39, 40);
    private static final Color DISCRIMINATOR = new Color(31, 119, 180);

    private TheoryCharts() {}

    /** p_data and p_g against x, with D*(x) on the same axes (its values are probabilities). */
    public static XYChart optimalDiscriminator(
            double[] xs, double[] pData, double[] pG, double[] dStar) {
        XYChart chart = base(
                "Densities and the optimal discriminator D* = p_data / (p_data + p_g)",
                "x",
                "density, D*");
        line(chart, "p_data", xs, pData, DATA);
        line(chart, "p_g", xs, pG, GENERATOR);
        line(chart, "D*", xs, dStar, DISCRIMINATOR);
        return chart;
    }

    /** V(D*, G) against the shift of p_g from p_data, with the line at -log 4, its minimum. */
    public static XYChart valueByShift(double[] shifts, double[] values) {
        XYChart chart =
                base("V(D*, G) as p_g moves away from p_data", "shift of p_g's mean", "V(D*, G)");
        line(chart, "V(D*, G)", shifts, values, DISCRIMINATOR);
        XYSeries floor = line(
                chart,
                "-log 4",
                new double[] {shifts[0], shifts[shifts.length - 1]},
                new double[] {-Math.log(4), -Math.log(4)},
                Color.GRAY);
        floor.setLineStyle(new BasicStroke(
                1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        return chart;
    }

    /**
     * The size of the generator's gradient through the discriminator's logit, against D(G(z)):
     * the saturating loss log(1 - D) and the non-saturating loss -log D.
     *
     * @param dFake D(G(z)) values, the x axis
     */
    public static XYChart generatorGradients(
            double[] dFake, double[] saturating, double[] nonSaturating) {
        XYChart chart = base(
                "Generator gradient |d loss / d logit| against D(G(z))",
                "D(G(z))",
                "gradient size");
        line(chart, "saturating: log(1 - D(G(z)))", dFake, abs(saturating), GENERATOR);
        line(chart, "non-saturating: -log D(G(z))", dFake, abs(nonSaturating), DATA);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideN);
        unitAxis(chart);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        return chart;
    }

    /** The two generator losses against D(G(z)): log(1 - D) flattens where D is sure a sample is fake. */
    public static XYChart generatorLosses(
            double[] dFake, double[] saturating, double[] nonSaturating) {
        XYChart chart = base("Generator losses against D(G(z))", "D(G(z))", "loss");
        line(chart, "saturating: log(1 - D(G(z)))", dFake, saturating, GENERATOR);
        line(chart, "non-saturating: -log D(G(z))", dFake, nonSaturating, DATA);
        unitAxis(chart);
        return chart;
    }

    /**
     * Histograms of discriminator probabilities in [0, 1], one filled step curve per named group (for
     * example "real" and "generated"), as the fraction of each group in each of {@code bins} bins.
     */
    public static XYChart probabilityHistogram(
            String title, Map<String, double[]> groups, int bins) {
        XYChart chart = base(title, "D(image)", "fraction of images");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideN);
        unitAxis(chart);
        double[] edges = new double[bins + 1];
        for (int b = 0; b <= bins; b++) {
            edges[b] = (double) b / bins;
        }
        Color[] colors = {DATA, GENERATOR, DISCRIMINATOR};
        int k = 0;
        for (Map.Entry<String, double[]> group : groups.entrySet()) {
            List<Double> fractions = histogram(group.getValue(), bins);
            // A step curve needs the last bin's height repeated at the right edge.
            double[] heights = new double[bins + 1];
            for (int b = 0; b <= bins; b++) {
                heights[b] = fractions.get(Math.min(b, bins - 1));
            }
            XYSeries s = chart.addSeries(group.getKey(), edges, heights);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
            s.setMarker(SeriesMarkers.NONE);
            Color c = colors[k++ % colors.length];
            s.setLineColor(c);
            s.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 110));
        }
        return chart;
    }

    /** The fraction of {@code values} (clamped to [0, 1]) in each of {@code bins} equal bins. */
    public static List<Double> histogram(double[] values, int bins) {
        double[] counts = new double[bins];
        for (double v : values) {
            int b = (int) Math.floor(Math.max(0, Math.min(1, v)) * bins);
            counts[Math.min(b, bins - 1)]++;
        }
        List<Double> fractions = new ArrayList<>();
        for (double c : counts) {
            fractions.add(values.length == 0 ? 0 : c / values.length);
        }
        return fractions;
    }

    private static double[] abs(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.abs(v[i]);
        }
        return out;
    }

    /** An x axis from 0 to 1, for probabilities, so its ticks fall on round values. */
    private static void unitAxis(XYChart chart) {
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(1.0);
    }

    private static XYChart base(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(230, 230, 230));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisDecimalPattern("#0.0#");
        chart.getStyler().setYAxisDecimalPattern("#0.0#");
        return chart;
    }

    private static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        return s;
    }
}
