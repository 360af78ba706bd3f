package io.gankit.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.gankit.BadInputException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The blocked engine search against a plain double loop, and exact copies at distance 0. */
class NearestNeighboursTest {
    static Features random(int n, int dim, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n * dim];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextDouble();
        }
        return new Features(v, n, dim);
    }

    /** Nearest row and its distance by looking at every pair, in float64; the first row wins a tie. */
    static NearestNeighbours.Match bruteForce(Features q, Features ref) {
        int[] index = new int[q.n()];
        double[] distance = new double[q.n()];
        for (int i = 0; i < q.n(); i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < ref.n(); j++) {
                double s = 0;
                for (int k = 0; k < q.dim(); k++) {
                    double d = (double) q.values()[i * q.dim() + k] - ref.values()[j * q.dim() + k];
                    s += d * d;
                }
                if (s < best) {
                    best = s;
                    index[i] = j;
                }
            }
            distance[i] = Math.sqrt(best);
        }
        return new NearestNeighbours.Match(index, distance);
    }

    @Test
    void theBlockedSearchFindsWhatBruteForceFinds() {
        Features q = random(37, 13, 1);
        Features ref = random(101, 13, 2);
        NearestNeighbours.Match expected = bruteForce(q, ref);
        try (NDManager m = NDManager.newBaseManager()) {
            // blocks smaller than both sets and not dividing them: the last blocks are partial
            for (int[] blocks : new int[][] {{8, 16}, {5, 100}, {37, 101}, {1024, 4096}}) {
                NearestNeighbours.Match found =
                        NearestNeighbours.of(q, ref, m, blocks[0], blocks[1]);
                assertArrayEquals(
                        expected.index(), found.index(), "blocks " + blocks[0] + "x" + blocks[1]);
                assertArrayEquals(expected.distance(), found.distance(), 1e-12);
            }
            assertEquals(0, m.getManagedArrays().size(), "arrays left in the caller's manager");
        }
    }

    @Test
    void anExactCopyIsFoundAtDistanceZero() {
        // 784 values in [0, 1] (an MNIST image in pixel space): the float32 expansion alone would
        // put a copy about 1e-2 away
        Features ref = random(300, 784, 3);
        int[] copied = {3, 17, 299, 150};
        float[] v = new float[copied.length * 784];
        for (int i = 0; i < copied.length; i++) {
            System.arraycopy(ref.values(), copied[i] * 784, v, i * 784, 784);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NearestNeighbours.Match found =
                    NearestNeighbours.of(new Features(v, copied.length, 784), ref, m, 2, 64);
            assertArrayEquals(copied, found.index());
            for (double d : found.distance()) {
                assertEquals(0.0, d);
            }
        }
    }

    @Test
    void rowsOfAnotherWidthAndAnEmptyReferenceAreRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            BadInputException e = assertThrows(
                    BadInputException.class,
                    () -> NearestNeighbours.of(random(2, 3, 1), random(2, 4, 1), m));
            assertTrue(
                    e.getMessage().contains("width 3") && e.getMessage().contains("of 4"),
                    e.getMessage());
            assertThrows(
                    BadInputException.class,
                    () -> NearestNeighbours.of(
                            random(2, 3, 1), new Features(new float[0], 0, 3), m));
        }
    }
}
