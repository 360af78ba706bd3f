package io.gankit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gankit.BadInputException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Pillow's luma, to the byte, on the data set and on the engine alike. */
class GreyscaleTest {
    @Test
    void lumaWeighsRedGreenAndBlueAsItu601AndKeepsGreyLevels() {
        for (int level = 0; level < 256; level++) {
            assertEquals(level, Greyscale.luma(level, level, level), "grey stays grey");
        }
        // 0.299, 0.587, 0.114 of 255, rounded: 76.2, 149.7, 29.1
        assertEquals(76, Greyscale.luma(255, 0, 0));
        assertEquals(150, Greyscale.luma(0, 255, 0));
        assertEquals(29, Greyscale.luma(0, 0, 255));
        for (int r = 0; r < 256; r += 17) {
            for (int g = 0; g < 256; g += 15) {
                for (int b = 0; b < 256; b += 51) {
                    double exact = 0.299 * r + 0.587 * g + 0.114 * b;
                    assertTrue(
                            Math.abs(Greyscale.luma(r, g, b) - exact) <= 0.51,
                            r + "," + g + "," + b + " -> " + Greyscale.luma(r, g, b));
                }
            }
        }
    }

    @Test
    void aBatchTurnsGreyToTheSameBytesAsTheDataSet() {
        int n = 6;
        byte[] pixels = new byte[n * 3 * 5 * 7];
        new SplittableRandom(9).nextBytes(pixels);
        ImageSet colour = ImageSet.create("random", pixels, new int[n], 3, 5, 7, List.of("any"));
        ImageSet grey = Greyscale.of(colour);
        assertEquals(1, grey.channels());
        assertEquals(
                Greyscale.luma(
                        colour.pixel(2, 0, 3, 4),
                        colour.pixel(2, 1, 3, 4),
                        colour.pixel(2, 2, 3, 4)),
                grey.pixel(2, 0, 3, 4));
        int[] all = {0, 1, 2, 3, 4, 5};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray batch = colour.batch(m, all);
            NDArray onEngine = Greyscale.of(batch);
            assertEquals(new Shape(n, 1, 5, 7), onEngine.getShape());
            assertArrayEquals(grey.batch(m, all).toFloatArray(), onEngine.toFloatArray(), 0f);
            assertEquals(new Shape(n, 3, 5, 7), Greyscale.asColour(onEngine).getShape());
            BadInputException e =
                    assertThrows(BadInputException.class, () -> Greyscale.of(onEngine));
            assertTrue(e.getMessage().contains("1 channels"), e.getMessage());
        }
    }
}
