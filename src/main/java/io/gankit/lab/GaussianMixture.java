package io.gankit.lab;

import io.gankit.BadInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An equal-weight mixture of isotropic 2-D Gaussians sharing one standard deviation: the synthetic
 * benchmarks of mode collapse, and the yardstick its metrics measure generated points against.
 *
 * <p>The two standard mixtures follow the code released with PacGAN (Lin, Khetan, Fanti, Oh,
 * NeurIPS 2018; github.com/fjxmlzn/PacGAN, {@code synthetic_data_experiments/2DRing_GAN&PacGAN/config.py}
 * and {@code 2DGrid_GAN&PacGAN/config.py}), which reproduces the setting of VEEGAN (Srivastava et
 * al., NeurIPS 2017):
 * <ul>
 *   <li>{@link #ring()}: 8 modes at {@code (cos(2 pi k/8), sin(2 pi k/8))}, radius 1, standard
 *       deviation 0.01;</li>
 *   <li>{@link #grid()}: 25 modes at {@code {-4, -2, 0, 2, 4}^2} (spacing 2), standard deviation 0.05.</li>
 * </ul>
 * Both papers train on {@value #TRAINING_POINTS} points ({@code num_sample}) and score
 * {@value #SCORING_SAMPLES} generated samples ({@code num_log_figure_sample}); a sample is of high
 * quality within {@value ModeScore#HIGH_QUALITY_STDS} standard deviations of its nearest mode
 * ({@code dis_thre = 3} in {@code pacgan/extensions.py}).
 */
public final class GaussianMixture {
    /** Training points of the papers' data sets. */
    public static final int TRAINING_POINTS = 100_000;
    /** Generated samples the papers score. */
    public static final int SCORING_SAMPLES = 2_500;

    private final String name;
    private final double[][] means;
    private final double std;

    private GaussianMixture(String name, double[][] means, double std) {
        this.name = name;
        this.means = means;
        this.std = std;
    }

    /**
     * A mixture of the given modes.
     *
     * @param means one {@code {x, y}} pair per mode
     * @param std the standard deviation of every coordinate of every mode
     */
    public static GaussianMixture of(String name, double[][] means, double std) {
        if (means.length == 0) {
            throw new BadInputException(name + ": a mixture needs at least one mode");
        }
        for (double[] m : means) {
            if (m.length != 2) {
                throw new BadInputException(
                        name + ": mode mean of " + m.length + " coordinates; expected 2");
            }
        }
        if (!(std > 0)) {
            throw new BadInputException(
                    name + ": standard deviation " + std + "; expected a positive number");
        }
        double[][] copy = new double[means.length][];
        for (int i = 0; i < means.length; i++) {
            copy[i] = means[i].clone();
        }
        return new GaussianMixture(name, copy, std);
    }

    /** The ring of 8 Gaussians: radius 1, standard deviation 0.01. */
    public static GaussianMixture ring() {
        double[][] means = new double[8][];
        for (int k = 0; k < 8; k++) {
            double angle = 2 * Math.PI * k / 8;
            means[k] = new double[] {Math.cos(angle), Math.sin(angle)};
        }
        return new GaussianMixture("ring", means, 0.01);
    }

    /** The grid of 25 Gaussians: centres {-4, -2, 0, 2, 4} on each axis, standard deviation 0.05. */
    public static GaussianMixture grid() {
        double[][] means = new double[25][];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                means[i * 5 + j] = new double[] {-4 + 2 * i, -4 + 2 * j};
            }
        }
        return new GaussianMixture("grid", means, 0.05);
    }

    /** {@code ring} or {@code grid}. */
    public static GaussianMixture named(String name) {
        return switch (name) {
            case "ring" -> ring();
            case "grid" -> grid();
            default ->
                throw new BadInputException(
                        "mixture '" + name + "' is unknown; expected ring or grid");
        };
    }

    public String name() {
        return name;
    }

    public int modes() {
        return means.length;
    }

    public double std() {
        return std;
    }

    /** The centre of mode {@code k} as {@code {x, y}}. */
    public double[] mean(int k) {
        return means[k].clone();
    }

    /**
     * {@code n} points drawn from the mixture (each mode chosen uniformly), labelled by their mode.
     * The same seed gives the same points.
     */
    public PointSet sample(int n, long seed) {
        if (n <= 0) {
            throw new BadInputException(
                    name + ": " + n + " points asked for; expected a positive number");
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] xy = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(means.length);
            labels[i] = k;
            double[] g = gaussianPair(random);
            xy[2 * i] = (float) (means[k][0] + std * g[0]);
            xy[2 * i + 1] = (float) (means[k][1] + std * g[1]);
        }
        List<String> classes = new ArrayList<>();
        for (int k = 0; k < means.length; k++) {
            classes.add("mode " + k);
        }
        return PointSet.create(name, xy, labels, classes);
    }

    /** The index of the mode whose centre is nearest to {@code (x, y)}. */
    public int nearestMode(double x, double y) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int k = 0; k < means.length; k++) {
            double dx = x - means[k][0];
            double dy = y - means[k][1];
            double d = dx * dx + dy * dy;
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best;
    }

    /**
     * Scores generated points: each point within {@value ModeScore#HIGH_QUALITY_STDS} standard
     * deviations (Euclidean distance / std) of its nearest mode counts for that mode.
     *
     * @param xy interleaved coordinates {@code x0, y0, x1, y1, ...}
     */
    public ModeScore score(float[] xy) {
        if (xy.length % 2 != 0 || xy.length == 0) {
            throw new BadInputException(name + ": " + xy.length
                    + " coordinates to score; expected a positive even " + "number (x, y pairs)");
        }
        int[] counts = new int[means.length];
        double limit = ModeScore.HIGH_QUALITY_STDS * std;
        for (int i = 0; i < xy.length; i += 2) {
            int k = nearestMode(xy[i], xy[i + 1]);
            double dx = xy[i] - means[k][0];
            double dy = xy[i + 1] - means[k][1];
            if (Math.sqrt(dx * dx + dy * dy) < limit) {
                counts[k]++;
            }
        }
        return new ModeScore(counts, xy.length / 2);
    }

    /** The mixture's density at {@code (x, y)}. */
    public double density(double x, double y) {
        double sum = 0;
        for (double[] m : means) {
            double dx = x - m[0];
            double dy = y - m[1];
            sum += Math.exp(-(dx * dx + dy * dy) / (2 * std * std));
        }
        return sum / (means.length * 2 * Math.PI * std * std);
    }

    static double[] gaussianPair(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        double r = Math.sqrt(-2.0 * Math.log(u1));
        return new double[] {r * Math.cos(2 * Math.PI * u2), r * Math.sin(2 * Math.PI * u2)};
    }

    @Override
    public String toString() {
        return name + ": " + means.length + " Gaussians, std " + std;
    }
}
