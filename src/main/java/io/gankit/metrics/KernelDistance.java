package io.gankit.metrics;

import io.gankit.BadInputException;

import java.util.SplittableRandom;

/**
 * Kernel Inception Distance (Binkowski et al.) as clean-fid and torch-fidelity compute it: the
 * unbiased estimate of the squared MMD with the polynomial kernel {@code k(x, y) = (x.y / d + 1)^3},
 * averaged over {@code subsets} random subsets of {@code m = min(maxSubsetSize, n_real, n_generated)}
 * rows drawn without replacement from each set. Computed in float64. The subsets are drawn with the
 * kit's own seeded generator, so values are reproducible from the seed but not draw-for-draw those
 * of NumPy's global random state.
 */
public final class KernelDistance {
    public static final int DEFAULT_SUBSETS = 100;
    public static final int DEFAULT_SUBSET_SIZE = 1000;

    /**
     * @param mean       the KID: mean of the per-subset MMD^2
     * @param std        standard deviation of the per-subset values (as torch-fidelity reports it)
     * @param subsets    number of subsets
     * @param subsetSize rows per subset
     * @param seed       seed of the subset draws
     */
    public record Result(double mean, double std, int subsets, int subsetSize, long seed) {}

    private KernelDistance() {}

    /** KID between two feature sets with the defaults of clean-fid (100 subsets of up to 1,000). */
    public static Result of(Features real, Features generated, long seed) {
        return of(real, generated, DEFAULT_SUBSETS, DEFAULT_SUBSET_SIZE, seed);
    }

    /** KID between two feature sets. */
    public static Result of(
            Features real, Features generated, int subsets, int maxSubsetSize, long seed) {
        if (real.dim() != generated.dim()) {
            throw new BadInputException("features of dimension " + real.dim() + " and "
                    + generated.dim() + "; expected the same detector for both");
        }
        int m = Math.min(maxSubsetSize, Math.min(real.n(), generated.n()));
        if (m < 2 || subsets < 1) {
            throw new BadInputException("subsets of " + m + " rows, " + subsets
                    + " subsets; expected at least 2 rows" + " in each set and at least 1 subset");
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[subsets];
        double mean = 0;
        for (int s = 0; s < subsets; s++) {
            double[][] x = sample(generated, m, random);
            double[][] y = sample(real, m, random);
            values[s] = mmd2(x, y);
            mean += values[s];
        }
        mean /= subsets;
        double var = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean);
        }
        return new Result(mean, Math.sqrt(var / subsets), subsets, m, seed);
    }

    /** m distinct rows, by a partial Fisher-Yates shuffle. */
    private static double[][] sample(Features f, int m, SplittableRandom random) {
        int n = f.n();
        int[] index = new int[n];
        for (int i = 0; i < n; i++) {
            index[i] = i;
        }
        double[][] rows = new double[m][f.dim()];
        float[] v = f.values();
        int d = f.dim();
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(n - i);
            int t = index[i];
            index[i] = index[j];
            index[j] = t;
            int base = index[i] * d;
            for (int c = 0; c < d; c++) {
                rows[i][c] = v[base + c];
            }
        }
        return rows;
    }

    /**
     * Unbiased MMD^2 of two equal-size samples: mean of k over distinct pairs within each set minus
     * twice the mean of k across the sets.
     */
    static double mmd2(double[][] x, double[][] y) {
        int m = x.length;
        int d = x[0].length;
        double[][] xt = SymmetricEigen.transpose(x);
        double[][] yt = SymmetricEigen.transpose(y);
        double within = offDiagonalKernelSum(DenseMath.multiply(x, xt), d)
                + offDiagonalKernelSum(DenseMath.multiply(y, yt), d);
        double across = 0;
        for (double[] row : DenseMath.multiply(x, yt)) {
            for (double dot : row) {
                across += kernel(dot, d);
            }
        }
        return within / ((double) m * (m - 1)) - 2 * across / ((double) m * m);
    }

    private static double offDiagonalKernelSum(double[][] gram, int d) {
        double sum = 0;
        for (int i = 0; i < gram.length; i++) {
            for (int j = 0; j < gram.length; j++) {
                if (i != j) {
                    sum += kernel(gram[i][j], d);
                }
            }
        }
        return sum;
    }

    static double kernel(double dot, int d) {
        double k = dot / d + 1;
        return k * k * k;
    }
}
