package io.gankit.metrics;

import io.gankit.BadInputException;

/**
 * The Inception Score of Salimans et al. as the original code computes it: the images' class
 * probabilities are cut into {@code splits} consecutive parts; for each part,
 * {@code exp(mean_i KL(p(y|x_i) || p(y)))} with p(y) the part's mean; the score is the mean and the
 * (population) standard deviation over the parts. Terms with p(y|x) = 0 count as 0 (their limit).
 * Computed in float64.
 */
public final class InceptionScore {
    /** Splits of the original code. */
    public static final int DEFAULT_SPLITS = 10;

    /**
     * @param mean   mean over the splits
     * @param std    standard deviation over the splits (divided by the number of splits)
     * @param splits number of splits
     * @param n      number of images
     */
    public record Result(double mean, double std, int splits, int n) {}

    private InceptionScore() {}

    /** The score of {@code probabilities} (one row of class probabilities per image). */
    public static Result of(Features probabilities, int splits) {
        int n = probabilities.n();
        int k = probabilities.dim();
        if (splits < 1 || n < splits) {
            throw new BadInputException(
                    n + " images in " + splits + " splits; expected at least one image per split");
        }
        float[] p = probabilities.values();
        double[] scores = new double[splits];
        for (int s = 0; s < splits; s++) {
            // the original code's boundaries: i * n // splits
            int from = (int) ((long) s * n / splits);
            int to = (int) ((long) (s + 1) * n / splits);
            double[] marginal = new double[k];
            for (int i = from; i < to; i++) {
                for (int j = 0; j < k; j++) {
                    marginal[j] += p[i * k + j];
                }
            }
            for (int j = 0; j < k; j++) {
                marginal[j] /= to - from;
            }
            double kl = 0;
            for (int i = from; i < to; i++) {
                for (int j = 0; j < k; j++) {
                    double pij = p[i * k + j];
                    if (pij < 0 || !Double.isFinite(pij)) {
                        throw new BadInputException("probability " + pij + " at image " + i
                                + ", class " + j + "; expected values in [0, 1]");
                    }
                    if (pij > 0) {
                        kl += pij * (Math.log(pij) - Math.log(marginal[j]));
                    }
                }
            }
            scores[s] = Math.exp(kl / (to - from));
        }
        double mean = 0;
        for (double v : scores) {
            mean += v;
        }
        mean /= splits;
        double var = 0;
        for (double v : scores) {
            var += (v - mean) * (v - mean);
        }
        return new Result(mean, Math.sqrt(var / splits), splits, n);
    }
}
