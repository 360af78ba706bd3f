package io.gankit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.gankit.BadInputException;
import org.junit.jupiter.api.Test;

/**
 * Memorisation distances on constructed data: a "generator" that copies training images, and one
 * that draws fresh images from the training images' distribution.
 */
class MemorisationTest {
    private static final int DIM = 64;

    @Test
    void theScoreByHand() {
        // ratios 0, 1, 2, infinite (d_held 0): median (1 + 2) / 2; nearer T: 1 + a tie's 1/2 of 4
        Memorisation m = Memorisation.of(new double[] {0, 1, 2, 3}, new double[] {1, 1, 1, 0});
        assertEquals(1.5, m.ratio(), 1e-12);
        assertEquals(0.375, m.closer(), 1e-12);
        assertEquals(1.5, m.medianTrain(), 1e-12);
        assertEquals(1.0, m.medianHeld(), 1e-12);
        assertEquals(4, m.n());
        assertEquals(
                1.0,
                Memorisation.of(new double[] {0}, new double[] {0}).ratio(),
                "0 / 0: no preference");
        assertThrows(
                BadInputException.class,
                () -> Memorisation.of(new double[] {1}, new double[] {1, 2}));
        assertThrows(
                BadInputException.class,
                () -> Memorisation.of(new double[] {Double.NaN}, new double[] {1}));
    }

    @Test
    void copiesOfTrainingImagesAreFoundAtDistanceZeroAndScoreAsCopying() {
        Features train = NearestNeighboursTest.random(400, DIM, 11);
        Features held = NearestNeighboursTest.random(400, DIM, 12); // as large as T
        // 150 exact copies of training images 0, 2, 4, ..., then 50 fresh images ("noise")
        Features fresh = NearestNeighboursTest.random(50, DIM, 13);
        float[] v = new float[200 * DIM];
        for (int i = 0; i < 150; i++) {
            System.arraycopy(train.values(), 2 * i * DIM, v, i * DIM, DIM);
        }
        System.arraycopy(fresh.values(), 0, v, 150 * DIM, 50 * DIM);
        Features generated = new Features(v, 200, DIM);
        try (NDManager m = NDManager.newBaseManager()) {
            NearestNeighbours.Match t = NearestNeighbours.of(generated, train, m);
            NearestNeighbours.Match h = NearestNeighbours.of(generated, held, m);
            for (int i = 0; i < 150; i++) {
                assertEquals(2 * i, t.index()[i], "the copied image is the nearest");
                assertEquals(0.0, t.distance()[i]);
                assertTrue(h.distance()[i] > 0.5, "a held-out image at " + h.distance()[i]);
            }
            for (int i = 150; i < 200; i++) {
                assertTrue(t.distance()[i] > 0.5, "fresh image " + i + " at " + t.distance()[i]);
            }
            Memorisation score = Memorisation.of(t.distance(), h.distance());
            assertEquals(0.0, score.ratio(), "the median sample is a copy");
            assertTrue(score.closer() >= 0.75, "share nearer T " + score.closer());
            assertEquals(0.0, score.medianTrain());
        }
    }

    @Test
    void freshImagesOfTheTrainingDistributionShowNoPreference() {
        Features train = NearestNeighboursTest.random(400, DIM, 21);
        Features held = NearestNeighboursTest.random(400, DIM, 22);
        Features generated = NearestNeighboursTest.random(300, DIM, 23);
        try (NDManager m = NDManager.newBaseManager()) {
            Memorisation score = Memorisation.of(
                    NearestNeighbours.of(generated, train, m).distance(),
                    NearestNeighbours.of(generated, held, m).distance());
            assertEquals(1.0, score.ratio(), 0.05, "median d_train / d_held");
            assertEquals(0.5, score.closer(), 0.1, "share nearer T");
            // and an unequal held-out set would not: 400 against 100 favours T for the same images
            Memorisation unequal = Memorisation.of(
                    NearestNeighbours.of(generated, train, m).distance(),
                    NearestNeighbours.of(generated, held.first(100), m).distance());
            assertTrue(
                    unequal.ratio() < 0.97 && unequal.closer() > 0.6,
                    "a 4x larger training set looks like copying: " + unequal);
        }
    }
}
