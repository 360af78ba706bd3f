package io.gankit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoresTest {
    @Test
    void inceptionScoreByHand() {
        // split 1: two confident, different classes -> p(y) = (1/2, 1/2), KL = log 2 each -> exp =
        // 2
        // split 2: two identical uncertain rows -> KL = 0 -> exp = 1
        Features p = new Features(new float[] {1, 0, 0, 1, 0.5f, 0.5f, 0.5f, 0.5f}, 4, 2);
        InceptionScore.Result r = InceptionScore.of(p, 2);
        assertEquals(1.5, r.mean(), 1e-12);
        assertEquals(0.5, r.std(), 1e-12);
        assertEquals(
                2,
                InceptionScore.of(new Features(new float[] {1, 0, 0, 1}, 2, 2), 1)
                        .mean(),
                1e-12);
    }

    @Test
    void inceptionScoreByHandWithUnevenSplit() {
        // 3 rows, 1 split, 3 classes: rows (0.6,0.4,0), (0.2,0.8,0), (0,0,1); p(y) = (0.8/3, 1.2/3,
        // 1/3)
        float[] v = {0.6f, 0.4f, 0, 0.2f, 0.8f, 0, 0, 0, 1};
        double[] py = {(0.6 + 0.2) / 3, (0.4 + 0.8) / 3, 1.0 / 3};
        double kl = 0;
        double[][] rows = {{0.6f, 0.4f, 0}, {0.2f, 0.8f, 0}, {0, 0, 1}};
        for (double[] row : rows) {
            for (int j = 0; j < 3; j++) {
                if (row[j] > 0) {
                    kl += row[j] * Math.log(row[j] / py[j]);
                }
            }
        }
        double expected = Math.exp(kl / 3);
        assertEquals(expected, InceptionScore.of(new Features(v, 3, 3), 1).mean(), 1e-7);
        assertThrows(BadInputException.class, () -> InceptionScore.of(new Features(v, 3, 3), 4));
    }

    static Features random(long seed, int n, int d, double shift) {
        Random r = new Random(seed);
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() + shift);
        }
        return new Features(v, n, d);
    }

    /** The estimator written as the plain double sums of its definition. */
    static double directMmd2(Features x, Features y) {
        int m = x.n();
        int d = x.dim();
        double xx = 0;
        double yy = 0;
        double xy = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double dxx = 0;
                double dyy = 0;
                double dxy = 0;
                for (int c = 0; c < d; c++) {
                    dxx += (double) x.values()[i * d + c] * x.values()[j * d + c];
                    dyy += (double) y.values()[i * d + c] * y.values()[j * d + c];
                    dxy += (double) x.values()[i * d + c] * y.values()[j * d + c];
                }
                if (i != j) {
                    xx += Math.pow(dxx / d + 1, 3);
                    yy += Math.pow(dyy / d + 1, 3);
                }
                xy += Math.pow(dxy / d + 1, 3);
            }
        }
        return (xx + yy) / (m * (m - 1.0)) - 2 * xy / ((double) m * m);
    }

    @Test
    void kidEqualsDirectDoubleSumWhenTheSubsetIsTheWholeSet() {
        Features real = random(1, 40, 16, 0);
        Features fake = random(2, 40, 16, 0.3);
        // one subset of all 40 rows: the sample order changes nothing, so it is the plain estimator
        KernelDistance.Result r = KernelDistance.of(real, fake, 1, 1000, 7);
        assertEquals(40, r.subsetSize());
        double direct = directMmd2(fake, real);
        assertEquals(direct, r.mean(), 1e-12 * Math.max(1, Math.abs(direct)));
        assertTrue(r.mean() > 0);
    }

    @Test
    void kidAveragesSubsetsReproduciblyAndIsNearZeroForOneDistribution() {
        Features a = random(3, 200, 8, 0);
        Features b = random(4, 200, 8, 0);
        Features c = random(5, 200, 8, 1);
        KernelDistance.Result same = KernelDistance.of(a, b, 20, 50, 11);
        KernelDistance.Result again = KernelDistance.of(a, b, 20, 50, 11);
        KernelDistance.Result otherSeed = KernelDistance.of(a, b, 20, 50, 12);
        KernelDistance.Result shifted = KernelDistance.of(a, c, 20, 50, 11);
        assertEquals(same.mean(), again.mean(), 0);
        assertNotEquals(same.mean(), otherSeed.mean());
        assertTrue(
                Math.abs(same.mean()) < 3 * same.std() / Math.sqrt(20) + 0.01, "unbiased: " + same);
        assertTrue(shifted.mean() > 10 * Math.abs(same.mean()), shifted + " vs " + same);
        assertTrue(same.std() > 0);
    }

    @Test
    void mmdHelperMatchesDirectSums() {
        Features x = random(8, 13, 5, 0.1);
        Features y = random(9, 13, 5, -0.2);
        assertEquals(
                directMmd2(x, y), KernelDistance.mmd2(x.toDoubleRows(), y.toDoubleRows()), 1e-12);
    }
}
