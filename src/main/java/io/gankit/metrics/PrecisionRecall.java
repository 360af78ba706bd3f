package io.gankit.metrics;

import io.gankit.BadInputException;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Improved precision and recall of Kynkaanniemi et al. (2019): each set's manifold is the union of
 * balls around its samples, each ball reaching the sample's k-th nearest neighbour in its own set
 * (k = 3 by default). Precision is the fraction of generated samples inside the real manifold
 * (quality), recall the fraction of real samples inside the generated manifold (coverage). A point
 * on a ball's boundary counts as inside, as in the reference code. Distances are Euclidean, in
 * float64, computed block by block so memory stays at one block of the distance matrix.
 */
public final class PrecisionRecall {
    public static final int DEFAULT_K = 3;
    private static final int BLOCK = 256;

    /**
     * @param precision fraction of generated samples within the real manifold
     * @param recall    fraction of real samples within the generated manifold
     * @param k         neighbour that sets each ball's radius
     */
    public record Result(double precision, double recall, int k, int nReal, int nGenerated) {}

    private PrecisionRecall() {}

    public static Result of(Features real, Features generated, int k) {
        if (real.dim() != generated.dim()) {
            throw new BadInputException("features of dimension " + real.dim() + " and "
                    + generated.dim() + "; expected the same detector for both");
        }
        if (k < 1 || real.n() <= k || generated.n() <= k) {
            throw new BadInputException(
                    real.n() + " real and " + generated.n() + " generated samples with k = " + k
                            + "; expected more than k samples in each set");
        }
        double[][] r = real.toDoubleRows();
        double[][] g = generated.toDoubleRows();
        double[] realRadii = kthNeighbourSquaredDistances(r, k);
        double[] fakeRadii = kthNeighbourSquaredDistances(g, k);
        return new Result(
                fractionInside(g, r, realRadii),
                fractionInside(r, g, fakeRadii),
                k,
                real.n(),
                generated.n());
    }

    /** Squared distance of each row to its k-th nearest other row. */
    static double[] kthNeighbourSquaredDistances(double[][] x, int k) {
        int n = x.length;
        double[] radii = new double[n];
        forEachBlock(x, x, (i, distances) -> {
            double[] best = new double[k + 1]; // k+1 smallest including the row itself (distance 0)
            Arrays.fill(best, Double.POSITIVE_INFINITY);
            for (double d : distances) {
                if (d < best[k]) {
                    int p = k;
                    while (p > 0 && best[p - 1] > d) {
                        best[p] = best[p - 1];
                        p--;
                    }
                    best[p] = d;
                }
            }
            radii[i] = best[k];
        });
        return radii;
    }

    /** Fraction of {@code queries} within the squared radius of at least one row of {@code manifold}. */
    static double fractionInside(double[][] queries, double[][] manifold, double[] radii) {
        boolean[] inside = new boolean[queries.length];
        forEachBlock(queries, manifold, (i, distances) -> {
            for (int j = 0; j < distances.length; j++) {
                if (distances[j] <= radii[j]) {
                    inside[i] = true;
                    return;
                }
            }
        });
        int count = 0;
        for (boolean b : inside) {
            if (b) {
                count++;
            }
        }
        return count / (double) queries.length;
    }

    private interface RowConsumer {
        void accept(int row, double[] squaredDistances);
    }

    /** Squared distances of every row of {@code a} to all rows of {@code b}, one block of rows at a time. */
    private static void forEachBlock(double[][] a, double[][] b, RowConsumer consumer) {
        double[][] bt = SymmetricEigen.transpose(b);
        double[] normsB = new double[b.length];
        for (int j = 0; j < b.length; j++) {
            normsB[j] = dot(b[j], b[j]);
        }
        for (int start = 0; start < a.length; start += BLOCK) {
            int from = start;
            double[][] block = Arrays.copyOfRange(a, start, Math.min(a.length, start + BLOCK));
            double[][] gram = DenseMath.multiply(block, bt);
            IntStream.range(0, block.length).parallel().forEach(r -> {
                double na = dot(block[r], block[r]);
                double[] row = gram[r];
                for (int j = 0; j < row.length; j++) {
                    row[j] = Math.max(0, na + normsB[j] - 2 * row[j]);
                }
                consumer.accept(from + r, row);
            });
        }
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }
}
