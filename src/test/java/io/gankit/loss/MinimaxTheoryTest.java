package io.gankit.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.gankit.BadInputException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MinimaxTheoryTest {
    private static final double[] XS = MinimaxTheory.grid(-12, 12, 4001);
    private static final double DX = XS[1] - XS[0];

    @Test
    void optimalDiscriminatorIsTheDensityRatio() {
        double[] d = MinimaxTheory.optimalDiscriminator(
                new double[] {1, 3, 0, 0}, new double[] {1, 1, 2, 0});
        assertEquals(0.5, d[0], 0);
        assertEquals(0.75, d[1], 1e-15);
        assertEquals(0.0, d[2], 0);
        assertEquals(0.5, d[3], 0, "no density on either side: nothing to tell apart");
    }

    @Test
    void matchingDistributionsGiveDStarOneHalfAndValueMinusLogFour() {
        double[] p = MinimaxTheory.normalDensity(XS, 0, 1);
        double[] dStar = MinimaxTheory.optimalDiscriminator(p, p.clone());
        assertTrue(Arrays.stream(dStar).allMatch(v -> v == 0.5));
        assertEquals(-Math.log(4), MinimaxTheory.value(p, p, dStar, DX), 1e-9);
    }

    @Test
    void valueAtTheOptimumIsMinusLogFourPlusTwiceJensenShannon() {
        double[] p = MinimaxTheory.normalDensity(XS, 0, 1);
        double[] q = MinimaxTheory.normalDensity(XS, 1.5, 0.7);
        double[] dStar = MinimaxTheory.optimalDiscriminator(p, q);
        double v = MinimaxTheory.value(p, q, dStar, DX);
        assertEquals(-Math.log(4) + 2 * MinimaxTheory.jensenShannon(p, q, DX), v, 1e-9);
        assertTrue(
                v > -Math.log(4) + 0.1, "distinct distributions are worth more than -log 4 to D");
        double[] half = new double[XS.length];
        Arrays.fill(half, 0.5);
        assertTrue(
                v > MinimaxTheory.value(p, q, half, DX),
                "D* beats a discriminator that always says 1/2");
        double[] nudged = dStar.clone();
        for (int i = 0; i < nudged.length; i++) {
            nudged[i] = Math.min(0.999, nudged[i] * 1.05);
        }
        assertTrue(v > MinimaxTheory.value(p, q, nudged, DX), "D* beats a nudged D*");
    }

    @Test
    void jensenShannonIsZeroForEqualAndLogTwoForDisjointDensities() {
        double[] p = MinimaxTheory.normalDensity(XS, 0, 1);
        assertEquals(0, MinimaxTheory.jensenShannon(p, p, DX), 1e-12);
        double[] left = new double[XS.length];
        double[] right = new double[XS.length];
        for (int i = 0; i < XS.length; i++) {
            left[i] = XS[i] >= -3 && XS[i] < -1 ? 0.5 : 0;
            right[i] = XS[i] > 1 && XS[i] <= 3 ? 0.5 : 0;
        }
        assertEquals(Math.log(2), MinimaxTheory.jensenShannon(left, right, DX), 2e-3);
    }

    @Test
    void normalDensityIntegratesToOne() {
        double[] p = MinimaxTheory.normalDensity(XS, 0.3, 1.7);
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += (i == 0 || i == p.length - 1 ? 0.5 : 1) * p[i];
        }
        assertEquals(1, sum * DX, 1e-6);
        assertThrows(BadInputException.class, () -> MinimaxTheory.normalDensity(XS, 0, 0));
    }

    @Test
    void generatorGradientsOfTheKitsLossesMatchTheirClosedForms() {
        double[] d = {0.001, 0.01, 0.2, 0.5, 0.9, 0.999};
        double[] logits = Arrays.stream(d).map(MinimaxTheory::logit).toArray();
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] saturating =
                    MinimaxTheory.generatorGradient(Losses.minimax(), logits, manager);
            double[] nonSaturating =
                    MinimaxTheory.generatorGradient(Losses.nonSaturating(), logits, manager);
            for (int i = 0; i < d.length; i++) {
                assertEquals(
                        -d[i], saturating[i], 1e-5, "d log(1 - D) / d logit = -D at D = " + d[i]);
                assertEquals(
                        -(1 - d[i]),
                        nonSaturating[i],
                        1e-5,
                        "d -log D / d logit = -(1 - D) at D = " + d[i]);
            }
        }
    }

    @Test
    void logitInvertsTheSigmoid() {
        assertEquals(0, MinimaxTheory.logit(0.5), 0);
        assertEquals(0.9, 1 / (1 + Math.exp(-MinimaxTheory.logit(0.9))), 1e-12);
        assertThrows(BadInputException.class, () -> MinimaxTheory.logit(1));
    }
}
