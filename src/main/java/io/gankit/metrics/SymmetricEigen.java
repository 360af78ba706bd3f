package io.gankit.metrics;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Eigen-decomposition of a real symmetric matrix in float64: Householder reduction to tridiagonal
 * form, then the implicit QL algorithm with Wilkinson shifts. Rotations for the eigenvectors are
 * recorded during QL and applied afterwards in column blocks, because applying each one as it is
 * found streams the whole vector matrix through memory once per sweep; in blocks the work stays in
 * cache and splits across cores.
 *
 * <p>Public for the bench's {@code FrechetBenchmark}, which times FID's steps one by one, and
 * for anyone who needs a symmetric eigen-decomposition in plain Java.
 */
public final class SymmetricEigen {
    private static final double EPS = Math.ulp(1.0);
    private static final int PARALLEL_ABOVE = 192;
    private static final int MAX_ITERATIONS = 60;

    /** Eigenvalues (unsorted) and the matching unit eigenvectors, one per row of {@code vectors}. */
    public record Decomposition(double[] values, double[][] vectors) {}

    private SymmetricEigen() {}

    /** Eigenvalues of symmetric {@code a} (only its values are read; {@code a} is not changed). */
    public static double[] values(double[][] a) {
        Tridiagonal t = tridiagonalize(copy(a), false);
        ql(t.d, t.e, null);
        return t.d;
    }

    /** Eigenvalues and eigenvectors of symmetric {@code a} ({@code a} is not changed). */
    public static Decomposition decompose(double[][] a) {
        Tridiagonal t = tridiagonalize(copy(a), true);
        ql(t.d, t.e, t.qt);
        return new Decomposition(t.d, t.qt);
    }

    private record Tridiagonal(double[] d, double[] e, double[][] qt) {}

    private static double[][] copy(double[][] a) {
        int n = a.length;
        double[][] c = new double[n][];
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) {
                throw new IllegalArgumentException("matrix is not square: row " + i + " has "
                        + a[i].length + " values, expected " + n);
            }
            c[i] = a[i].clone();
        }
        return c;
    }

    /**
     * Reduces {@code a} (overwritten) to T = Q^T A Q with diagonal d and sub-diagonal e (e[i] =
     * T[i+1][i], e[n-1] = 0). With {@code wantQ}, returns Q^T too, so that its rows rotate into
     * eigenvectors.
     */
    private static Tridiagonal tridiagonalize(double[][] a, boolean wantQ) {
        int n = a.length;
        double[] d = new double[n];
        double[] e = new double[n];
        double[] tau = new double[n];
        double[] p = new double[n];
        for (int k = 0; k < n - 2; k++) {
            d[k] = a[k][k];
            double[] v =
                    a[k]; // row k = column k by symmetry; becomes the Householder vector v[k+1..]
            int lo = k + 1;
            double big = 0;
            for (int j = lo + 1; j < n; j++) {
                big = Math.max(big, Math.abs(v[j]));
            }
            if (big == 0) {
                e[k] = v[lo];
                tau[k] = 0;
                continue;
            }
            // The reflector I - t v v^T is the same for any scaling of v (t scales inversely), so v
            // is scaled to its largest entry first: squares of entries near 1e-160, which a
            // covariance's rounding-level directions produce, would underflow and make t infinite.
            // A power of two keeps the scaling exact: elsewhere the arithmetic is unchanged.
            big = Math.scalb(1.0, Math.getExponent(Math.max(big, Math.abs(v[lo]))));
            double tail = 0;
            for (int j = lo + 1; j < n; j++) {
                v[j] /= big;
                tail += v[j] * v[j];
            }
            double x0 = v[lo] / big;
            double norm = Math.sqrt(x0 * x0 + tail);
            double alpha = x0 <= 0 ? norm : -norm;
            v[lo] = x0 - alpha;
            double t = 2 / (v[lo] * v[lo] + tail);
            tau[k] = t;
            e[k] = alpha * big;
            // p = t * A22 v, accumulated row by row (A22 is symmetric, so rows serve as columns)
            int size = n - lo;
            final int kk = lo;
            rowCombination(v, a, lo, n, t, p);
            double vp = 0;
            for (int j = lo; j < n; j++) {
                vp += v[j] * p[j];
            }
            double kfac = t * vp / 2;
            for (int j = lo; j < n; j++) {
                p[j] -= kfac * v[j]; // p is now w
            }
            IntStream rows = IntStream.range(lo, n);
            (size > PARALLEL_ABOVE ? rows.parallel() : rows).forEach(i -> {
                double vi = v[i];
                double wi = p[i];
                double[] row = a[i];
                for (int j = kk; j < n; j++) {
                    row[j] -= vi * p[j] + wi * v[j];
                }
            });
        }
        if (n >= 2) {
            d[n - 2] = a[n - 2][n - 2];
            e[n - 2] = a[n - 1][n - 2];
        }
        if (n >= 1) {
            d[n - 1] = a[n - 1][n - 1];
        }
        double[][] qt = null;
        if (wantQ) {
            qt = accumulate(a, tau);
        }
        return new Tridiagonal(d, e, qt);
    }

    /** Forms Q = H_0 H_1 ... H_{n-3} from the vectors stored in rows of {@code a}, returning Q^T. */
    private static double[][] accumulate(double[][] a, double[] tau) {
        int n = a.length;
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++) {
            q[i][i] = 1;
        }
        double[] w = new double[n];
        for (int k = n - 3; k >= 0; k--) {
            double t = tau[k];
            if (t == 0) {
                continue;
            }
            double[] v = a[k];
            int lo = k + 1;
            int size = n - lo;
            rowCombination(v, q, lo, n, 1, w);
            IntStream rows = IntStream.range(lo, n);
            (size > PARALLEL_ABOVE ? rows.parallel() : rows).forEach(i -> {
                double f = t * v[i];
                double[] row = q[i];
                for (int j = lo; j < n; j++) {
                    row[j] -= f * w[j];
                }
            });
        }
        return transpose(q);
    }

    /**
     * {@code out[j] = scale * sum_{i in [lo, n)} v[i] * m[i][j]} for {@code j in [lo, n)}: rows of
     * {@code m} weighted by {@code v}, in column chunks that run in parallel on large matrices (each
     * chunk sums in row order, so the result does not depend on the thread count).
     */
    private static void rowCombination(
            double[] v, double[][] m, int lo, int n, double scale, double[] out) {
        int size = n - lo;
        int chunks = size > PARALLEL_ABOVE ? Math.min(16, (size + 127) / 128) : 1;
        int width = (size + chunks - 1) / chunks;
        IntStream range = IntStream.range(0, chunks);
        (chunks > 1 ? range.parallel() : range).forEach(c -> {
            int j0 = lo + c * width;
            int j1 = Math.min(n, j0 + width);
            Arrays.fill(out, j0, j1, 0);
            for (int i = lo; i < n; i++) {
                double vi = v[i];
                double[] row = m[i];
                for (int j = j0; j < j1; j++) {
                    out[j] += vi * row[j];
                }
            }
            if (scale != 1) {
                for (int j = j0; j < j1; j++) {
                    out[j] *= scale;
                }
            }
        });
    }

    static double[][] transpose(double[][] m) {
        int r = m.length;
        int c = r == 0 ? 0 : m[0].length;
        double[][] t = new double[c][r];
        for (int i0 = 0; i0 < r; i0 += 64) {
            for (int j0 = 0; j0 < c; j0 += 64) {
                for (int i = i0; i < Math.min(r, i0 + 64); i++) {
                    for (int j = j0; j < Math.min(c, j0 + 64); j++) {
                        t[j][i] = m[i][j];
                    }
                }
            }
        }
        return t;
    }

    /**
     * Implicit QL on the tridiagonal (d, e); d becomes the eigenvalues. If {@code zt} is given, its
     * rows are rotated along (row i of the result is the eigenvector of d[i]).
     */
    private static void ql(double[] d, double[] e, double[][] zt) {
        int n = d.length;
        Rotations rot = zt == null ? null : new Rotations(zt);
        // A sub-diagonal entry counts as zero when negligible against the whole matrix, not just
        // its
        // neighbours: near-zero eigenvalues of singular covariances then converge in absolute
        // terms.
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale = Math.max(scale, Math.abs(d[i]) + Math.abs(e[i]));
        }
        double tolerance = EPS * scale;
        for (int l = 0; l < n; l++) {
            int iter = 0;
            while (true) {
                int m = l;
                while (m < n - 1) {
                    if (Math.abs(e[m]) <= tolerance) {
                        break;
                    }
                    m++;
                }
                if (m == l) {
                    break;
                }
                if (++iter > MAX_ITERATIONS) {
                    throw new ArithmeticException(
                            "QL did not converge for eigenvalue " + l + " of " + n);
                }
                // Wilkinson shift from the leading 2x2 block
                double g = (d[l + 1] - d[l]) / (2 * e[l]);
                double r = Math.hypot(g, 1);
                g = d[m] - d[l] + e[l] / (g + Math.copySign(r, g));
                double s = 1;
                double c = 1;
                double p = 0;
                int i = m - 1;
                boolean deflated = false;
                for (; i >= l; i--) {
                    double f = s * e[i];
                    double b = c * e[i];
                    r = Math.hypot(f, g);
                    e[i + 1] = r;
                    if (r == 0) {
                        // underflow: the matrix splits here; restart the sweep
                        d[i + 1] -= p;
                        e[m] = 0;
                        deflated = true;
                        break;
                    }
                    s = f / r;
                    c = g / r;
                    g = d[i + 1] - p;
                    r = (d[i] - g) * s + 2 * c * b;
                    p = s * r;
                    d[i + 1] = g + p;
                    g = c * r - b;
                    if (rot != null) {
                        rot.add(i, c, s);
                    }
                }
                if (deflated) {
                    continue;
                }
                d[l] -= p;
                e[l] = g;
                e[m] = 0;
            }
        }
        if (rot != null) {
            rot.flush();
        }
    }

    /** Plane rotations of rows (i, i+1) of a matrix, buffered and applied in column blocks. */
    private static final class Rotations {
        private static final int CAPACITY = 1 << 20;
        private static final int BLOCK = 64;
        private final double[][] z;
        private final int[] index = new int[CAPACITY];
        private final double[] cos = new double[CAPACITY];
        private final double[] sin = new double[CAPACITY];
        private int count;

        Rotations(double[][] z) {
            this.z = z;
        }

        void add(int i, double c, double s) {
            if (count == CAPACITY) {
                flush();
            }
            index[count] = i;
            cos[count] = c;
            sin[count] = s;
            count++;
        }

        void flush() {
            int cols = z.length == 0 ? 0 : z[0].length;
            int blocks = (cols + BLOCK - 1) / BLOCK;
            IntStream range = IntStream.range(0, blocks);
            (cols > PARALLEL_ABOVE ? range.parallel() : range).forEach(b -> {
                int j0 = b * BLOCK;
                int j1 = Math.min(cols, j0 + BLOCK);
                for (int r = 0; r < count; r++) {
                    int i = index[r];
                    double c = cos[r];
                    double s = sin[r];
                    double[] lo = z[i];
                    double[] hi = z[i + 1];
                    for (int j = j0; j < j1; j++) {
                        double h = hi[j];
                        double x = lo[j];
                        hi[j] = s * x + c * h;
                        lo[j] = c * x - s * h;
                    }
                }
            });
            count = 0;
        }
    }
}
