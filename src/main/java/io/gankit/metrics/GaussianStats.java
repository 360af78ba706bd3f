package io.gankit.metrics;

import io.gankit.BadInputException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Mean and covariance of a set of feature vectors: what FID compares. The covariance is the unbiased
 * one (divided by n - 1), as pytorch-fid, clean-fid and StyleGAN compute it. Arrays are shared, not
 * copied: treat them as read-only.
 *
 * <pre>{@code
 * GaussianStats real = GaussianStats.fromFeatures(features, n, 2048); // float[] n x 2048, row-major
 * real.write(Path.of("real-stats.npz"));                              // pytorch-fid format
 * GaussianStats ref = GaussianStats.read(Path.of("cifar10-train.npz"));
 * double fid = FrechetDistance.between(real, ref);
 * }</pre>
 *
 * @param mu    mean, length d
 * @param sigma covariance, d x d
 * @param n     number of samples it came from; 0 when unknown (pytorch-fid files do not record it)
 */
public record GaussianStats(double[] mu, double[][] sigma, int n) {
    private static final int BLOCK = 64;

    public GaussianStats {
        int d = mu.length;
        if (sigma.length != d) {
            throw new BadInputException("covariance with " + sigma.length + " rows; expected " + d
                    + " (the mean's length)");
        }
        for (double[] row : sigma) {
            if (row.length != d) {
                throw new BadInputException(
                        "covariance row of length " + row.length + "; expected " + d);
            }
        }
        if (n < 0) {
            throw new BadInputException("sample count " + n + "; expected >= 0 (0 = unknown)");
        }
    }

    /** Feature dimension d. */
    public int dim() {
        return mu.length;
    }

    /** Statistics of {@code n} rows of {@code dim} features stored row-major in {@code features}. */
    public static GaussianStats fromFeatures(float[] features, int n, int dim) {
        if ((long) n * dim != features.length) {
            throw new BadInputException(
                    features.length + " feature values; expected n x d = " + n + " x " + dim);
        }
        return compute(n, dim, (i, out) -> {
            for (int j = 0; j < dim; j++) {
                out[j] = features[i * dim + j];
            }
        });
    }

    /** Statistics of the rows of {@code features} (one sample per row). */
    public static GaussianStats fromFeatures(double[][] features) {
        int n = features.length;
        int dim = n == 0 ? 0 : features[0].length;
        for (double[] row : features) {
            if (row.length != dim) {
                throw new BadInputException(
                        "feature row of length " + row.length + "; expected " + dim);
            }
        }
        return compute(n, dim, (i, out) -> System.arraycopy(features[i], 0, out, 0, dim));
    }

    private interface Rows {
        void copy(int i, double[] out);
    }

    private static GaussianStats compute(int n, int dim, Rows rows) {
        if (n < 2) {
            throw new BadInputException(n + " samples; expected at least 2 for a covariance");
        }
        double[] mu = new double[dim];
        double[] row = new double[dim];
        for (int i = 0; i < n; i++) {
            rows.copy(i, row);
            for (int j = 0; j < dim; j++) {
                mu[j] += row[j];
            }
        }
        for (int j = 0; j < dim; j++) {
            mu[j] /= n;
            if (!Double.isFinite(mu[j])) {
                throw new BadInputException("feature " + j + " has a non-finite mean " + mu[j]
                        + "; expected finite features");
            }
        }
        // Rank-BLOCK updates of the upper triangle: each sigma row stays in cache across a block of
        // samples.
        double[][] sigma = new double[dim][dim];
        double[][] block = new double[BLOCK][dim];
        for (int b0 = 0; b0 < n; b0 += BLOCK) {
            int count = Math.min(BLOCK, n - b0);
            for (int b = 0; b < count; b++) {
                rows.copy(b0 + b, block[b]);
                for (int j = 0; j < dim; j++) {
                    block[b][j] -= mu[j];
                }
            }
            IntStream range = IntStream.range(0, dim);
            (dim >= 128 ? range.parallel() : range).forEach(i -> {
                double[] s = sigma[i];
                for (int b = 0; b < count; b++) {
                    double[] x = block[b];
                    double f = x[i];
                    if (f == 0) {
                        continue;
                    }
                    for (int j = i; j < dim; j++) {
                        s[j] += f * x[j];
                    }
                }
            });
        }
        double scale = 1.0 / (n - 1);
        for (int i = 0; i < dim; i++) {
            for (int j = i; j < dim; j++) {
                double v = sigma[i][j] * scale;
                sigma[i][j] = v;
                sigma[j][i] = v;
            }
        }
        return new GaussianStats(mu, sigma, n);
    }

    /**
     * Reads pytorch-fid style statistics: an {@code .npz} with {@code mu} (d) and {@code sigma} (d x d),
     * any float type; an optional {@code n} (written by {@link #write}) gives the sample count.
     */
    public static GaussianStats read(Path file) {
        Map<String, NpyArray> arrays = Npz.read(file);
        NpyArray mu = arrays.get("mu");
        NpyArray sigma = arrays.get("sigma");
        if (mu == null || sigma == null) {
            throw new BadInputException(file + ": holds arrays " + arrays.keySet()
                    + "; expected 'mu' and 'sigma' (pytorch-fid statistics)");
        }
        int[] ms = mu.shape();
        int[] ss = sigma.shape();
        if (ms.length != 1 || ss.length != 2 || ss[0] != ms[0] || ss[1] != ms[0]) {
            throw new BadInputException(file + ": mu of shape " + Arrays.toString(ms)
                    + " and sigma of shape " + Arrays.toString(ss) + "; expected (d,) and (d, d)");
        }
        if (mu.dtype().charAt(1) != 'f' || sigma.dtype().charAt(1) != 'f') {
            throw new BadInputException(file + ": mu " + mu.dtype() + ", sigma " + sigma.dtype()
                    + "; expected float arrays");
        }
        int n = 0;
        NpyArray count = arrays.get("n");
        if (count != null && count.size() == 1) {
            n = (int) count.toDoubles()[0];
        }
        double[] m = mu.toDoubles();
        double[][] s = sigma.toMatrix();
        for (double v : m) {
            if (!Double.isFinite(v)) {
                throw new BadInputException(file + ": mu holds " + v + "; expected finite values");
            }
        }
        for (double[] row : s) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new BadInputException(
                            file + ": sigma holds " + v + "; expected finite values");
                }
            }
        }
        return new GaussianStats(m, s, n);
    }

    /**
     * Writes these statistics as float64 {@code mu} and {@code sigma} (pytorch-fid's format, read by
     * {@code numpy.load}), plus {@code n} when known; atomically.
     */
    public void write(Path file) {
        int d = dim();
        double[] flat = new double[d * d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(sigma[i], 0, flat, i * d, d);
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("mu", NpyArray.ofDoubles(new int[] {d}, mu));
        arrays.put("sigma", NpyArray.ofDoubles(new int[] {d, d}, flat));
        if (n > 0) {
            arrays.put("n", NpyArray.ofLongs(new int[0], new long[] {n}));
        }
        Npz.write(file, arrays);
    }
}
