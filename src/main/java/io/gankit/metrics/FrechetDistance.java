package io.gankit.metrics;

import io.gankit.BadInputException;

/**
 * The Frechet distance between two Gaussians, the maths of FID:
 * {@code |mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr sqrt(S1 S2)}, in float64.
 *
 * <p>{@code tr sqrt(S1 S2)} is computed by the symmetric route: with S1 = V L V^T (eigen-decomposition),
 * the eigenvalues of sqrt(S1) S2 sqrt(S1), which are those of sqrt(L) V^T S2 V sqrt(L), are real and
 * non-negative, and their square roots sum to the trace. Eigenvalues that rounding makes slightly
 * negative are clamped to 0, so the result is real and finite for singular covariances (fewer
 * samples than dimensions), where {@code scipy.linalg.sqrtm(S1 @ S2)} can turn complex or NaN.
 *
 * <p>The route's steps ({@link SymmetricEigen#decompose}, {@link #compactProduct},
 * {@link SymmetricEigen#values}, {@link #sumOfPositiveRoots}) are public so that
 * the bench's {@code FrechetBenchmark} can time them one by one.
 */
public final class FrechetDistance {
    /** How the matrix square root is taken, for the passport. */
    public static final String SQRT_METHOD =
            "eigh: tr sqrt(sqrt(S1) S2 sqrt(S1)) by symmetric eigen-decomposition (Householder + QL, float64), "
                    + "negative eigenvalues (rounding) clamped to 0";

    /** How the trace is taken when {@link #between(Features, Features)} works in sample space. */
    public static final String SAMPLE_SPACE_METHOD =
            "sample space: tr sqrt(S1 S2) = sum of singular values of A B^T (centred features / sqrt(n - 1)), "
                    + "exact when n < d";

    private FrechetDistance() {}

    /**
     * Frechet distance between the statistics of two feature sets. When either set has fewer rows
     * than dimensions, the trace is taken in sample space: with S1 = A^T A and S2 = B^T B, the
     * non-zero eigenvalues of S1 S2 are the squared singular values of A B^T, an n x n problem with
     * no d-dimensional null space, so it is both faster and free of the null space's rounding noise.
     * Otherwise it is {@link #between(GaussianStats, GaussianStats)} of {@code a.stats()} and
     * {@code b.stats()}.
     */
    public static double between(Features a, Features b) {
        if (a.dim() != b.dim()) {
            throw new BadInputException("features of dimension " + a.dim() + " and " + b.dim()
                    + "; expected the same detector for both");
        }
        GaussianStats sa = a.stats();
        GaussianStats sb = b.stats();
        if (Math.min(a.n(), b.n()) >= a.dim()) {
            return between(sa, sb);
        }
        double[][] x = centred(a, sa);
        double[][] y = centred(b, sb);
        double[][] c = DenseMath.multiply(x, SymmetricEigen.transpose(y));
        // C C^T or C^T C: the smaller; both hold the squared singular values
        double[][] gram = c.length <= c[0].length
                ? DenseMath.multiply(c, SymmetricEigen.transpose(c))
                : DenseMath.multiply(SymmetricEigen.transpose(c), c);
        double root = 0;
        for (double v : SymmetricEigen.values(gram)) {
            if (v > 0) {
                root += Math.sqrt(v);
            }
        }
        double rest = 0;
        for (int i = 0; i < sa.dim(); i++) {
            double diff = sa.mu()[i] - sb.mu()[i];
            rest += diff * diff + sa.sigma()[i][i] + sb.sigma()[i][i];
        }
        return rest - 2 * root;
    }

    /** The method {@link #between(Features, Features)} uses for sets of these sizes, for the passport. */
    public static String method(int nA, int nB, int dim) {
        return Math.min(nA, nB) < dim ? SAMPLE_SPACE_METHOD : SQRT_METHOD;
    }

    private static double[][] centred(Features f, GaussianStats s) {
        double[][] rows = f.toDoubleRows();
        double scale = 1 / Math.sqrt(f.n() - 1.0);
        for (double[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (row[j] - s.mu()[j]) * scale;
            }
        }
        return rows;
    }

    /** Frechet distance between {@code a} and {@code b}. */
    public static double between(GaussianStats a, GaussianStats b) {
        if (a.dim() != b.dim()) {
            throw new BadInputException("statistics of dimension " + a.dim() + " and " + b.dim()
                    + "; expected the same feature dimension (same detector)");
        }
        int d = a.dim();
        double meanTerm = 0;
        for (int i = 0; i < d; i++) {
            double diff = a.mu()[i] - b.mu()[i];
            meanTerm += diff * diff;
        }
        double trace = 0;
        for (int i = 0; i < d; i++) {
            trace += a.sigma()[i][i] + b.sigma()[i][i];
        }
        // The eigen-decomposed matrix's null space is dropped exactly, the other's shows up as
        // rounding
        // noise in M: so decompose the covariance of fewer samples (the one more likely singular).
        boolean swap = a.n() > 0 && b.n() > 0 && b.n() < a.n();
        double root = swap
                ? traceSqrtProduct(b.sigma(), a.sigma())
                : traceSqrtProduct(a.sigma(), b.sigma());
        return meanTerm + trace - 2 * root;
    }

    /** tr sqrt(S1 S2) for symmetric positive semi-definite S1, S2. */
    static double traceSqrtProduct(double[][] s1, double[][] s2) {
        return sumOfPositiveRoots(
                SymmetricEigen.values(compactProduct(SymmetricEigen.decompose(s1), s2)));
    }

    /**
     * M = sqrt(L) V^T S2 V sqrt(L) for S1 = V L V^T, restricted to the directions where S1 has a
     * positive eigenvalue, symmetrised: its eigenvalues are those of S1 S2. The second step of
     * {@link #between(GaussianStats, GaussianStats)}, after {@code eig = SymmetricEigen.decompose(S1)}.
     */
    public static double[][] compactProduct(SymmetricEigen.Decomposition eig, double[][] s2) {
        double[] values = eig.values();
        double[][] vt = eig.vectors();
        // Rounding leaves a singular covariance's null space as +-1e-16-sized eigenvalues: negative
        // ones are clamped to 0 (their roots would be imaginary). A threshold above 0 would be
        // wrong:
        // tiny but real variances of S1 meet large ones of S2 in M and matter there. Directions
        // where
        // S1 vanishes contribute nothing, and dropping them shrinks the second problem.
        int kept = 0;
        for (double v : values) {
            if (v > 0) {
                kept++;
            }
        }
        double[][] basis = new double[kept][];
        double[] root = new double[kept];
        int r = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] > 0) {
                basis[r] = vt[i];
                root[r] = Math.sqrt(values[i]);
                r++;
            }
        }
        double[][] w = DenseMath.multiply(basis, s2);
        double[][] m = DenseMath.multiply(w, SymmetricEigen.transpose(basis));
        for (int i = 0; i < kept; i++) {
            for (int j = 0; j < kept; j++) {
                m[i][j] *= root[i] * root[j];
            }
        }
        return symmetrise(m);
    }

    /** Averages m with its transpose in place, so the eigen-solver sees an exactly symmetric matrix; returns m. */
    public static double[][] symmetrise(double[][] m) {
        for (int i = 0; i < m.length; i++) {
            for (int j = i + 1; j < m.length; j++) {
                double avg = 0.5 * (m[i][j] + m[j][i]);
                m[i][j] = avg;
                m[j][i] = avg;
            }
        }
        return m;
    }

    /**
     * Sum of the square roots of the positive values (negative ones are rounding of zeros): tr sqrt(S1 S2)
     * from the eigenvalues of {@link #compactProduct}, the route's last step.
     */
    public static double sumOfPositiveRoots(double[] values) {
        double sum = 0;
        for (double mu : values) {
            if (mu > 0) {
                sum += Math.sqrt(mu);
            }
        }
        return sum;
    }
}
