package io.gankit.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import org.junit.jupiter.api.Test;

class ModeScoreTest {
    static float[] points(double[]... xy) {
        float[] out = new float[2 * xy.length];
        for (int i = 0; i < xy.length; i++) {
            out[2 * i] = (float) xy[i][0];
            out[2 * i + 1] = (float) xy[i][1];
        }
        return out;
    }

    @Test
    void everyModeExactlyOnceCoversAllWithZeroKl() {
        GaussianMixture grid = GaussianMixture.grid();
        double[][] centres = new double[25][];
        for (int k = 0; k < 25; k++) {
            centres[k] = grid.mean(k);
        }
        ModeScore s = grid.score(points(centres));
        assertEquals(25, s.modesCovered());
        assertEquals(25, s.highQuality());
        assertEquals(1.0, s.highQualityShare());
        assertEquals(0.0, s.reverseKl(), 1e-12);
    }

    @Test
    void oneModeOnlyGivesOneCoveredAndLogKl() {
        GaussianMixture ring = GaussianMixture.ring();
        double[] m = ring.mean(3);
        float[] xy = new float[200];
        for (int i = 0; i < 100; i++) {
            xy[2 * i] = (float) (m[0] + 0.001 * (i % 7));
            xy[2 * i + 1] = (float) m[1];
        }
        ModeScore s = ring.score(xy);
        assertEquals(1, s.modesCovered());
        assertEquals(100, s.counts()[3]);
        assertEquals(1.0, s.highQualityShare());
        assertEquals(Math.log(8), s.reverseKl(), 1e-12);
    }

    @Test
    void offModeNoiseHasNoHighQualitySamples() {
        // midway between grid modes: sqrt(2) away from four of them, 28 standard deviations
        GaussianMixture grid = GaussianMixture.grid();
        ModeScore s = grid.score(points(
                new double[] {1, 1},
                new double[] {-3, 3},
                new double[] {0, 1},
                new double[] {5.5, 0},
                new double[] {0.2, 0}));
        assertEquals(0, s.highQuality());
        assertEquals(0, s.modesCovered());
        assertEquals(0.0, s.highQualityShare());
        assertTrue(Double.isNaN(s.reverseKl()), "no histogram, no divergence");
    }

    @Test
    void highQualityEndsAtThreeStandardDeviations() {
        GaussianMixture ring = GaussianMixture.ring(); // std 0.01, mode 0 at (1, 0)
        ModeScore inside = ring.score(points(new double[] {1.029, 0}, new double[] {1, -0.0295}));
        ModeScore outside = ring.score(points(new double[] {1.031, 0}, new double[] {1, 0.0305}));
        assertEquals(2, inside.highQuality());
        assertEquals(0, outside.highQuality());
    }

    @Test
    void reverseKlByHand() {
        // p = (1/2, 1/4, 1/4, 0), K = 4: 1/2 ln 2 + 1/4 ln 1 + 1/4 ln 1 + 0
        assertEquals(0.5 * Math.log(2), ModeScore.reverseKl(new int[] {2, 1, 1, 0}), 1e-12);
        // p = (3/4, 1/4), K = 2: 3/4 ln(3/2) + 1/4 ln(1/2)
        assertEquals(
                0.75 * Math.log(1.5) + 0.25 * Math.log(0.5),
                ModeScore.reverseKl(new int[] {3, 1}),
                1e-12);
        assertEquals(0.0, ModeScore.reverseKl(new int[] {5, 5, 5}), 1e-12);
    }

    @Test
    void samplesOfTheMixtureItselfScoreAsTheGaussianTailPredicts() {
        // P(|x - mu| < 3 sigma) for a 2-D isotropic Gaussian is 1 - exp(-9/2) = 0.98889
        GaussianMixture ring = GaussianMixture.ring();
        PointSet real = ring.sample(GaussianMixture.TRAINING_POINTS, 11);
        ModeScore s = ring.score(real.coordinates());
        assertEquals(8, s.modesCovered());
        assertEquals(1 - Math.exp(-4.5), s.highQualityShare(), 0.002);
        assertTrue(
                s.reverseKl() < 0.001,
                "uniform mode choice gives a KL near 0, got " + s.reverseKl());
    }

    @Test
    void papersSettings() {
        GaussianMixture ring = GaussianMixture.ring();
        assertEquals(8, ring.modes());
        assertEquals(0.01, ring.std());
        assertArrayEquals(new double[] {0, 1}, ring.mean(2), 1e-12);
        GaussianMixture grid = GaussianMixture.grid();
        assertEquals(25, grid.modes());
        assertEquals(0.05, grid.std());
        assertArrayEquals(new double[] {-4, -4}, grid.mean(0), 0);
        assertArrayEquals(new double[] {4, 4}, grid.mean(24), 0);
        assertEquals(2500, GaussianMixture.SCORING_SAMPLES);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(
                BadInputException.class, () -> GaussianMixture.ring().score(new float[] {1, 2, 3}));
        assertThrows(BadInputException.class, () -> new ModeScore(new int[] {3, 2}, 4));
        assertThrows(BadInputException.class, () -> GaussianMixture.named("spiral"));
    }
}
