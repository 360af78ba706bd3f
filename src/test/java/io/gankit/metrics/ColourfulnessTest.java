package io.gankit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gankit.BadInputException;
import io.gankit.data.ImageSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hasler and Suesstrunk's colourfulness, worked by hand. */
class ColourfulnessTest {
    @Test
    void greyScoresZeroAndAFlatColourScoresItsOpponentMeans() {
        double[] grey = {10, 200, 37, 90};
        assertEquals(0, Colourfulness.of(grey, grey, grey), 1e-12);
        // flat red 255: rg = 255, yb = 127.5, no spread: M = 0.3 sqrt(255^2 + 127.5^2)
        double[] red = {255, 255};
        double[] zero = {0, 0};
        assertEquals(
                0.3 * Math.sqrt(255 * 255 + 127.5 * 127.5),
                Colourfulness.of(red, zero, zero),
                1e-9);
    }

    @Test
    void spreadCountsAsPopulationDeviation() {
        // R = {0, 100}, G = {100, 0}, B = 0: rg = {-100, 100} (mean 0, sd 100), yb = {50, 50} (mean
        // 50, sd 0)
        double[] r = {0, 100};
        double[] g = {100, 0};
        double[] b = {0, 0};
        assertEquals(Math.sqrt(100 * 100 + 0 * 0) + 0.3 * 50, Colourfulness.of(r, g, b), 1e-9);
        // the mean over a set is the mean of its images
        byte[] pixels = {0, (byte) 100, (byte) 100, 0, 0, 0, 9, 9, 9, 9, 9, 9};
        ImageSet set = ImageSet.create("two", pixels, new int[2], 3, 1, 2, List.of("any"));
        assertEquals((100 + 0.3 * 50) / 2, Colourfulness.mean(set), 1e-9);
        ImageSet grey = ImageSet.create("grey", new byte[4], new int[2], 1, 1, 2, List.of("any"));
        assertThrows(BadInputException.class, () -> Colourfulness.mean(grey));
    }
}
