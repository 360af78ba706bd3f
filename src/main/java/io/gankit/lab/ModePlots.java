package io.gankit.lab;

import io.gankit.BadInputException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * Pictures of the mode-collapse lab: generated points over the real mixture, the discriminator's
 * decision surface as a heat-map, the mode histogram as bars, and the frames of a training
 * animation (turn them into a GIF with {@link io.gankit.plot.Images#gif}). Square pictures show
 * {@code [-extent, extent]^2} with y up.
 */
public final class ModePlots {
    /** The colour of generated points. */
    public static final Color SAMPLE = new Color(20, 20, 20, 150);
    /** The outline of each mode's high-quality disc (3 standard deviations). */
    public static final Color MODE = new Color(0, 150, 60);

    private ModePlots() {}

    /** Half the side of a picture that shows the whole mixture with a margin: 1.5 for the ring, 6 for the grid. */
    public static double extent(GaussianMixture mixture) {
        double max = 0;
        for (int k = 0; k < mixture.modes(); k++) {
            double[] m = mixture.mean(k);
            max = Math.max(max, Math.max(Math.abs(m[0]), Math.abs(m[1])));
        }
        return 1.5 * max;
    }

    /**
     * Generated points over the real distribution: each mode's high-quality disc (3 standard
     * deviations, drawn at least 3 pixels wide so the ring's tiny modes show) on white, the points
     * on top.
     *
     * @param samples interleaved x, y
     */
    public static BufferedImage scatter(GaussianMixture mixture, float[] samples, int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size, size);
        draw(g, mixture, samples, size, extent(mixture));
        g.dispose();
        return image;
    }

    /**
     * The decision surface as a heat-map (blue where D says real, red where it says fake, white at
     * 1/2) with the modes and the generated points over it.
     *
     * @param surface {@code [row][col]} values in [0, 1] as {@link ModeLab#decisionSurface} gives them,
     *     over {@code [-extent(mixture), extent(mixture)]^2}
     */
    public static BufferedImage decisionSurface(
            GaussianMixture mixture, double[][] surface, float[] samples, int size) {
        int rows = surface.length;
        if (rows == 0 || surface[0].length != rows) {
            throw new BadInputException(
                    "decision surface of " + rows + " rows; expected a square grid");
        }
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int py = 0; py < size; py++) {
            int r = Math.min(rows - 1, (int) Math.round(py * (rows - 1) / (double) (size - 1)));
            for (int px = 0; px < size; px++) {
                int c = Math.min(rows - 1, (int) Math.round(px * (rows - 1) / (double) (size - 1)));
                image.setRGB(px, py, heat(surface[r][c]).getRGB());
            }
        }
        Graphics2D g = image.createGraphics();
        draw(g, mixture, samples, size, extent(mixture));
        g.dispose();
        return image;
    }

    /** The heat-map colour of a probability: red at 0 (fake), white at 1/2, blue at 1 (real). */
    public static Color heat(double p) {
        double v = Double.isNaN(p) ? 0.5 : Math.max(0, Math.min(1, p));
        if (v < 0.5) {
            int other = (int) Math.round(255 * v * 2);
            return new Color(255, other, other);
        }
        int other = (int) Math.round(255 * (1 - v) * 2);
        return new Color(other, other, 255);
    }

    private static void draw(
            Graphics2D g, GaussianMixture mixture, float[] samples, int size, double extent) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        double scale = size / (2 * extent);
        double radius = Math.max(3, ModeScore.HIGH_QUALITY_STDS * mixture.std() * scale);
        g.setColor(MODE);
        g.setStroke(new BasicStroke(1.5f));
        for (int k = 0; k < mixture.modes(); k++) {
            double[] m = mixture.mean(k);
            double cx = (m[0] + extent) * scale;
            double cy = (extent - m[1]) * scale;
            g.draw(new Ellipse2D.Double(cx - radius, cy - radius, 2 * radius, 2 * radius));
        }
        g.setColor(SAMPLE);
        for (int i = 0; i + 1 < samples.length; i += 2) {
            double x = (samples[i] + extent) * scale;
            double y = (extent - samples[i + 1]) * scale;
            g.fill(new Ellipse2D.Double(x - 1.5, y - 1.5, 3, 3));
        }
    }

    /** The mode histogram as a bar chart: samples per mode (high-quality ones for mixtures). */
    public static CategoryChart modeHistogram(ModeScore score, String title) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(720)
                .height(300)
                .title(title)
                .xAxisTitle("mode")
                .yAxisTitle("samples")
                .build();
        chart.getStyler().setLegendVisible(false);
        List<Integer> modes = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        int[] c = score.counts();
        for (int k = 0; k < c.length; k++) {
            modes.add(k);
            counts.add(c[k]);
        }
        chart.addSeries("samples", modes, counts);
        return chart;
    }

    /**
     * Trains {@code lab} by hand and draws a frame every {@code stepsPerFrame} generator steps
     * (each preceded by {@code nD} discriminator steps): the decision surface with the samples,
     * captioned with the step and the mode score. The first frame is the untrained generator.
     */
    public static List<BufferedImage> trainingFrames(
            ModeLab lab, int frames, int stepsPerFrame, int nD, int size) {
        List<BufferedImage> out = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            if (f > 0) {
                lab.steps(stepsPerFrame, nD);
            }
            out.add(frame(lab, size));
        }
        return out;
    }

    /**
     * A critic's scores mapped onto [0, 1] for {@link #heat}, lowest to 0 and highest to 1: a
     * critic has no "undecided" value, only an order (more real, less real).
     */
    public static double[][] rescaled(double[][] surface) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : surface) {
            for (double v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        double span = max > min ? max - min : 1;
        double[][] out = new double[surface.length][];
        for (int r = 0; r < surface.length; r++) {
            out[r] = new double[surface[r].length];
            for (int c = 0; c < surface[r].length; c++) {
                out[r][c] = (surface[r][c] - min) / span;
            }
        }
        return out;
    }

    /** One picture of the lab now: decision surface, samples, step and score. */
    public static BufferedImage frame(ModeLab lab, int size) {
        double e = extent(lab.mixture());
        float[] samples = lab.samples();
        double[][] surface = lab.decisionSurface(-e, e, 81);
        BufferedImage image = decisionSurface(
                lab.mixture(), lab.probabilistic() ? surface : rescaled(surface), samples, size);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        ModeScore score = lab.mixture().score(samples);
        g.drawString(
                String.format(
                        Locale.ROOT,
                        "step %d  modes %d/%d  HQ %.0f%%  KL %.2f",
                        lab.generatorSteps(),
                        score.modesCovered(),
                        score.modes(),
                        100 * score.highQualityShare(),
                        score.reverseKl()),
                6,
                14);
        g.dispose();
        return image;
    }
}
