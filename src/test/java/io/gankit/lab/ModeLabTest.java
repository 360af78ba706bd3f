package io.gankit.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.gankit.BadInputException;
import io.gankit.train.TrainConfig;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ModeLabTest {
    static ModeLab lab(NDManager m, String arch, long seed) {
        return ModeLab.create(
                GaussianMixture.ring(), ModeLab.config(arch).optSeed(seed).build(), m);
    }

    @Test
    void discriminatorStepLeavesGeneratorAndGeneratorStepLeavesDiscriminator() {
        try (NDManager m = NDManager.newBaseManager();
                ModeLab lab = lab(m, "mlp2d-s", 3)) {
            float[] before = lab.samples();
            double[][] surfaceBefore = lab.decisionSurface(-1.5, 1.5, 5);
            lab.stepDiscriminator();
            assertArrayEquals(before, lab.samples(), "a D step must not move G");
            assertFalse(Arrays.deepEquals(surfaceBefore, lab.decisionSurface(-1.5, 1.5, 5)));
            double[][] surface = lab.decisionSurface(-1.5, 1.5, 5);
            lab.stepGenerator();
            assertTrue(
                    Arrays.deepEquals(surface, lab.decisionSurface(-1.5, 1.5, 5)),
                    "a G step must not move D");
            assertFalse(Arrays.equals(before, lab.samples()));
            lab.step(3);
            assertEquals(4, lab.discriminatorSteps());
            assertEquals(2, lab.generatorSteps());
            assertTrue(Double.isFinite(lab.lastDiscriminatorLoss())
                    && Double.isFinite(lab.lastGeneratorLoss()));
        }
    }

    @Test
    void sameSeedSameCallsSameNetworks() {
        try (NDManager m = NDManager.newBaseManager();
                ModeLab a = lab(m, "mlp2d-s-pac2", 5);
                ModeLab b = lab(m, "mlp2d-s-pac2", 5)) {
            a.steps(3, 2);
            b.steps(3, 2);
            assertArrayEquals(a.samples(), b.samples());
        }
    }

    @Test
    void decisionSurfaceIsProbabilitiesOnTheAskedGrid() {
        try (NDManager m = NDManager.newBaseManager();
                ModeLab lab = lab(m, "mlp2d-s-pac4", 1)) {
            double[][] s = lab.decisionSurface(-2, 2, 7);
            assertEquals(7, s.length);
            for (double[] row : s) {
                assertEquals(7, row.length);
                for (double p : row) {
                    assertTrue(p > 0 && p < 1, "D(x) = " + p);
                }
            }
            assertEquals(GaussianMixture.SCORING_SAMPLES, lab.score().samples());
            assertThrows(BadInputException.class, () -> lab.decisionSurface(1, -1, 7));
        }
    }

    @Test
    void wganGpStepsTheCriticWithItsPenaltyAndShowsItsScoresRescaled() {
        try (NDManager m = NDManager.newBaseManager();
                ModeLab wgan = ModeLab.create(
                        GaussianMixture.grid(),
                        ModeLab.config("mlp2d-s")
                                .optLoss("wasserstein")
                                .optGradientPenalty(0.1)
                                .optSeed(2)
                                .build(),
                        m);
                ModeLab plain = ModeLab.create(
                        GaussianMixture.grid(),
                        ModeLab.config("mlp2d-s")
                                .optLoss("wasserstein")
                                .optSeed(2)
                                .build(),
                        m)) {
            assertFalse(wgan.probabilistic());
            wgan.stepDiscriminator();
            plain.stepDiscriminator();
            // same networks, same batches: the penalty alone makes the critics differ
            assertFalse(Arrays.deepEquals(
                    wgan.decisionSurface(-1, 1, 5), plain.decisionSurface(-1, 1, 5)));
            wgan.steps(2, 5);
            assertEquals(11, wgan.discriminatorSteps());
            double[][] shown = ModePlots.rescaled(wgan.decisionSurface(-4, 4, 9));
            double lo =
                    Arrays.stream(shown).flatMapToDouble(Arrays::stream).min().orElseThrow();
            double hi =
                    Arrays.stream(shown).flatMapToDouble(Arrays::stream).max().orElseThrow();
            assertEquals(0, lo, 0);
            assertEquals(1, hi, 0);
            assertEquals(360, ModePlots.frame(wgan, 360).getWidth());
        }
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> ModeLab.config("mlp2d-s").optGradientPenalty(-1).build());
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void aPackedDiscriminatorLearnsToTellRealPacksFromGeneratedOnes() {
        // Trained alone against a fixed generator, the packed D must separate the two: its
        // gradients
        // reach the inner network through the packing (the benchmark's PacGAN rows rest on this).
        try (NDManager m = NDManager.newBaseManager();
                ModeLab lab = lab(m, "mlp2d-s-pac4", 1)) {
            double first = lab.stepDiscriminator();
            double last = first;
            for (int i = 0; i < 150; i++) {
                last = lab.stepDiscriminator();
            }
            assertTrue(first > 1.0 && last < 0.2, "packed D loss " + first + " -> " + last);
            assertEquals(0, lab.generatorSteps());
        }
    }

    @Test
    void aMissingMixtureOrAnImageModelIsRefusedSayingWhatIsExpected() {
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> ModeLab.create(null, ModeLab.config("mlp2d-s").build(), null));
        assertTrue(e.getMessage().contains("GaussianMixture.ring()"), e.getMessage());
        e = assertThrows(
                BadInputException.class,
                () -> ModeLab.create(
                        GaussianMixture.ring(), TrainConfig.builder().build(), null));
        assertTrue(
                e.getMessage().contains("mlp") && e.getMessage().contains("mlp2d-s"),
                e.getMessage());
    }
}
