package io.gankit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {
    static double[][] randomSymmetric(int n, long seed) {
        Random r = new Random(seed);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = a[j][i] = r.nextGaussian();
            }
        }
        return a;
    }

    @Test
    void vectorsSatisfyAvEqualsLambdaVAndAreOrthonormal() {
        // 300 > the parallel threshold, so the blocked and parallel paths are exercised
        for (int n : new int[] {1, 2, 3, 17, 300}) {
            double[][] a = randomSymmetric(n, n);
            SymmetricEigen.Decomposition e = SymmetricEigen.decompose(a);
            double[][] v = e.vectors();
            for (int k = 0; k < n; k++) {
                for (int i = 0; i < n; i++) {
                    double av = 0;
                    for (int j = 0; j < n; j++) {
                        av += a[i][j] * v[k][j];
                    }
                    assertEquals(
                            e.values()[k] * v[k][i],
                            av,
                            1e-10 * n,
                            "n=" + n + " A v - lambda v, vector " + k);
                }
                for (int m = 0; m < n; m++) {
                    double dot = 0;
                    for (int j = 0; j < n; j++) {
                        dot += v[k][j] * v[m][j];
                    }
                    assertEquals(k == m ? 1 : 0, dot, 1e-12 * n);
                }
            }
            double[] only = SymmetricEigen.values(a).clone();
            double[] withVectors = e.values().clone();
            Arrays.sort(only);
            Arrays.sort(withVectors);
            for (int k = 0; k < n; k++) {
                assertEquals(withVectors[k], only[k], 1e-11 * n);
            }
        }
    }

    @Test
    void diagonalAndRepeatedEigenvalues() {
        double[][] a = {{2, 0, 0}, {0, 2, 0}, {0, 0, -1}};
        double[] v = SymmetricEigen.values(a);
        Arrays.sort(v);
        assertEquals(-1, v[0], 1e-15);
        assertEquals(2, v[1], 1e-15);
        assertEquals(2, v[2], 1e-15);
        // trace and Frobenius norm are invariants
        double[][] b = randomSymmetric(40, 7);
        double trace = 0;
        double frob = 0;
        for (int i = 0; i < 40; i++) {
            trace += b[i][i];
            for (int j = 0; j < 40; j++) {
                frob += b[i][j] * b[i][j];
            }
        }
        double sum = 0;
        double squares = 0;
        for (double x : SymmetricEigen.values(b)) {
            sum += x;
            squares += x * x;
        }
        assertEquals(trace, sum, 1e-10);
        assertEquals(frob, squares, 1e-9);
    }

    /**
     * Entries near 1e-160 square to denormals: a Householder step built from them divided by
     * their squares' underflowed sum and filled the matrix with NaN (seen on the M of a 2,048-d FID
     * from 200 samples). Eigenvalues must come out as if those entries were 0, and vectors stay unit.
     */
    @Test
    void entriesWhoseSquaresUnderflowLeaveTheEigenvaluesAlone() {
        double tiny = 1e-160;
        double[][] a = {{1, 0, tiny, 0}, {0, 2, 0, tiny}, {tiny, 0, 3, 0}, {0, tiny, 0, 4}};
        double[] v = SymmetricEigen.values(a);
        Arrays.sort(v);
        for (int i = 0; i < 4; i++) {
            assertEquals(i + 1, v[i], 1e-14, Arrays.toString(v));
        }
        SymmetricEigen.Decomposition d = SymmetricEigen.decompose(a);
        for (double[] vector : d.vectors()) {
            double norm = 0;
            for (double x : vector) {
                norm += x * x;
            }
            assertEquals(1, norm, 1e-14, Arrays.toString(vector));
        }
    }
}
