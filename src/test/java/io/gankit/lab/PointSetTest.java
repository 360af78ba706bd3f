package io.gankit.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gankit.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PointSetTest {
    @Test
    void batchIsRawCoordinatesAsSamplesOfShape211() {
        PointSet set = PointSet.create(
                "p", new float[] {4, -4, 0.5f, 2, -1, 3}, new int[] {0, 1, 0}, List.of("a", "b"));
        assertEquals(new Shape(2, 1, 1), set.sampleShape());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray b = set.batch(m, new int[] {2, 0, 1}, 1, 2);
            assertEquals(new Shape(2, 2, 1, 1), b.getShape());
            assertArrayEquals(new float[] {4, -4, 0.5f, 2}, b.toFloatArray()); // no [-1, 1] scaling
            assertArrayEquals(
                    new int[] {0, 1}, set.labels(m, new int[] {2, 0, 1}, 1, 2).toIntArray());
        }
    }

    @Test
    void sampleIsSeededAndLabelledByMode() {
        GaussianMixture grid = GaussianMixture.grid();
        PointSet a = grid.sample(500, 3);
        PointSet b = grid.sample(500, 3);
        assertArrayEquals(a.coordinates(), b.coordinates());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.label(i), grid.nearestMode(a.x(i), a.y(i)), "point " + i);
        }
        assertEquals(25, a.classNames().size());
        assertEquals(100, a.limit(100).size());
    }

    @Test
    void rejectsMismatchedArrays() {
        assertThrows(
                BadInputException.class,
                () -> PointSet.create("p", new float[] {1, 2, 3}, new int[] {0, 0}, List.of("a")));
        assertThrows(
                BadInputException.class,
                () -> PointSet.create("p", new float[] {1, 2}, new int[] {1}, List.of("a")));
    }
}
