package io.gankit.metrics;

import io.gankit.BadInputException;

import java.util.Arrays;

/**
 * Rows of detector outputs, one per image: features (2048 for Inception) or class probabilities.
 *
 * @param values {@code n * dim} floats, row-major
 * @param n      number of images
 * @param dim    values per image
 */
public record Features(float[] values, int n, int dim) {
    public Features {
        if (n < 0 || dim <= 0 || (long) n * dim != values.length) {
            throw new BadInputException(
                    values.length + " values for " + n + " rows of " + dim + "; expected n x dim");
        }
    }

    /** Row {@code i}, copied. */
    public float[] row(int i) {
        return Arrays.copyOfRange(values, i * dim, (i + 1) * dim);
    }

    /**
     * The first {@code count} rows, copied: {@code features[:count]} in NumPy, except that a count
     * beyond {@link #n()} is an error rather than all the rows, so a score never claims more images
     * than it saw.
     */
    public Features first(int count) {
        if (count < 0 || count > n) {
            throw new BadInputException(
                    "the first " + count + " of " + n + " rows; expected 0 to " + n);
        }
        return new Features(Arrays.copyOf(values, count * dim), count, dim);
    }

    /** Rows as float64, as the score computations want them. */
    public double[][] toDoubleRows() {
        double[][] rows = new double[n][dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                rows[i][j] = values[i * dim + j];
            }
        }
        return rows;
    }

    /** Mean and unbiased covariance, for FID. */
    public GaussianStats stats() {
        return GaussianStats.fromFeatures(values, n, dim);
    }

    /** Reads rows from a 2-D array of an {@code .npz} file (e.g. saved features). */
    public static Features of(NpyArray array) {
        int[] s = array.shape();
        if (s.length != 2) {
            throw new BadInputException(
                    "array of shape " + Arrays.toString(s) + "; expected (n, dim) features");
        }
        return new Features(array.toFloats(), s[0], s[1]);
    }
}
