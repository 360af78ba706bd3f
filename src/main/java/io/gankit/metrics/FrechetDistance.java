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
 */
public final class FrechetDistance {
    /** How the matrix square root is taken, for the passport. */
    public static final String SQRT_METHOD =
            "eigh: tr sqrt(sqrt(S1) S2 sqrt(S1)) by symmetric eigen-decomposition (Householder + QL, float64), "
                    + "negative eigenvalues (rounding) clamped to 0";

    private FrechetDistance() {}

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
        // The eigen-decomposed matrix's null space is dropped exactly, the other's shows up as rounding
        // noise in M: so decompose the covariance of fewer samples (the one more likely singular).
        boolean swap = a.n() > 0 && b.n() > 0 && b.n() < a.n();
        double root = swap ? traceSqrtProduct(b.sigma(), a.sigma()) : traceSqrtProduct(a.sigma(), b.sigma());
        return meanTerm + trace - 2 * root;
    }

    /** tr sqrt(S1 S2) for symmetric positive semi-definite S1, S2. */
    static double traceSqrtProduct(double[][] s1, double[][] s2) {
        SymmetricEigen.Decomposition eig = SymmetricEigen.decompose(s1);
        double[] values = eig.values();
        double[][] vt = eig.vectors();
        // Rounding leaves a singular covariance's null space as +-1e-16-sized eigenvalues: negative
        // ones are clamped to 0 (their roots would be imaginary). A threshold above 0 would be wrong:
        // tiny but real variances of S1 meet large ones of S2 in M and matter there. Directions where
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
        // M = sqrt(L) V^T S2 V sqrt(L), restricted to the kept directions
        double[][] w = DenseMath.multiply(basis, s2);
        double[][] m = DenseMath.multiply(w, SymmetricEigen.transpose(basis));
        for (int i = 0; i < kept; i++) {
            for (int j = 0; j < kept; j++) {
                m[i][j] *= root[i] * root[j];
            }
        }
        // symmetrise away rounding so the eigen-solver sees an exactly symmetric matrix
        for (int i = 0; i < kept; i++) {
            for (int j = i + 1; j < kept; j++) {
                double avg = 0.5 * (m[i][j] + m[j][i]);
                m[i][j] = avg;
                m[j][i] = avg;
            }
        }
        double sum = 0;
        for (double mu : SymmetricEigen.values(m)) {
            if (mu > 0) {
                sum += Math.sqrt(mu);
            }
        }
        return sum;
    }
}
