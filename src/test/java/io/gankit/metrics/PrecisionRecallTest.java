package io.gankit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gankit.BadInputException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PrecisionRecallTest {
    /** Definition by brute force: plain distance loops and a full sort per sample. */
    static double bruteCoverage(Features queries, Features manifold, int k) {
        int d = manifold.dim();
        double[] radii = new double[manifold.n()];
        for (int i = 0; i < manifold.n(); i++) {
            double[] dist = new double[manifold.n()];
            for (int j = 0; j < manifold.n(); j++) {
                dist[j] = distance(manifold, i, manifold, j, d);
            }
            Arrays.sort(dist); // dist[0] is the sample itself
            radii[i] = dist[k];
        }
        int inside = 0;
        for (int q = 0; q < queries.n(); q++) {
            for (int i = 0; i < manifold.n(); i++) {
                if (distance(queries, q, manifold, i, d) <= radii[i]) {
                    inside++;
                    break;
                }
            }
        }
        return inside / (double) queries.n();
    }

    static double distance(Features a, int i, Features b, int j, int d) {
        double s = 0;
        for (int c = 0; c < d; c++) {
            double t = (double) a.values()[i * d + c] - b.values()[j * d + c];
            s += t * t;
        }
        return Math.sqrt(s);
    }

    @Test
    void matchesBruteForceDefinition() {
        Features real = ScoresTest.random(21, 120, 6, 0);
        Features fake = ScoresTest.random(22, 90, 6, 0.7);
        PrecisionRecall.Result r = PrecisionRecall.of(real, fake, 3);
        assertEquals(bruteCoverage(fake, real, 3), r.precision(), 1e-12);
        assertEquals(bruteCoverage(real, fake, 3), r.recall(), 1e-12);
        // the shifted set must fall partly outside: a check that the two values are informative
        assertEquals(true, r.precision() < 1 && r.precision() > 0, r.toString());
    }

    @Test
    void identicalSetsCoverEachOtherAndDistantSetsDoNot() {
        Features a = ScoresTest.random(23, 60, 4, 0);
        PrecisionRecall.Result same = PrecisionRecall.of(a, a, 3);
        assertEquals(1, same.precision());
        assertEquals(1, same.recall());
        PrecisionRecall.Result far = PrecisionRecall.of(a, ScoresTest.random(24, 60, 4, 100), 3);
        assertEquals(0, far.precision());
        assertEquals(0, far.recall());
        assertThrows(
                BadInputException.class,
                () -> PrecisionRecall.of(a, ScoresTest.random(1, 3, 4, 0), 3));
    }
}
