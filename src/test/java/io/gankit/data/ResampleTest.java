package io.gankit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.gankit.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Bicubic resizing against Pillow's float mode (scripts/make-resize-reference.py). */
class ResampleTest {
    /** The script's plane: a texture with edges and gradients, values 0..255. */
    private static double[] plane(int h, int w) {
        double[] p = new double[h * w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                p[i * w + j] = (i * 37 + j * 11 + (i * j) % 7 * 20) % 256;
            }
        }
        return p;
    }

    @Test
    void shrinkingAndEnlargingEqualPillowsBicubic() throws IOException {
        JsonObject ref;
        try (InputStream in =
                ResampleTest.class.getResourceAsStream("/io/gankit/data/bicubic-reference.json")) {
            ref = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .getAsJsonObject();
        }
        for (JsonElement e : ref.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            int h = c.get("height").getAsInt();
            int w = c.get("width").getAsInt();
            int oh = c.get("outHeight").getAsInt();
            int ow = c.get("outWidth").getAsInt();
            double[] ours = Resample.bicubic(plane(h, w), h, w, oh, ow);
            JsonArray pillow = c.getAsJsonArray("values");
            assertEquals(pillow.size(), ours.length);
            for (int i = 0; i < ours.length; i++) {
                // Pillow's float mode rounds to float32 after each pass: 0.01 of 255 levels
                assertEquals(
                        pillow.get(i).getAsDouble(),
                        ours[i],
                        0.01,
                        h + "x" + w + " -> " + oh + "x" + ow + ", value " + i);
            }
        }
    }

    @Test
    void aConstantImageStaysConstantAndBytesAreClampedAndRounded() {
        double[] grey = new double[16 * 16];
        Arrays.fill(grey, 77);
        for (double v : Resample.bicubic(grey, 16, 16, 4, 4)) {
            assertEquals(77, v, 1e-9, "normalised weights keep a constant");
        }
        byte[] pixels = new byte[2 * 8 * 8];
        for (int i = 0; i < 64; i++) {
            pixels[i] = (byte) ((i / 8 + i % 8) % 2 == 0 ? 255 : 0); // a checkerboard overshoots
        }
        ImageSet set = ImageSet.create(
                "checks", pixels, new int[] {3, 5}, 1, 8, 8, List.of("0", "1", "2", "3", "4", "5"));
        ImageSet big = Resample.bicubic(set, 16, 16);
        assertEquals(16, big.height());
        assertEquals(5, big.label(1));
        double[] plane = new double[64];
        for (int i = 0; i < 64; i++) {
            plane[i] = set.pixel(0, 0, i / 8, i % 8);
        }
        double[] exact = Resample.bicubic(plane, 8, 8, 16, 16);
        for (int i = 0; i < 256; i++) {
            long expected = Math.max(0, Math.min(255, Math.round(exact[i])));
            assertEquals(expected, big.pixel(0, 0, i / 16, i % 16), "pixel " + i);
        }
        assertThrows(BadInputException.class, () -> Resample.bicubic(new double[5], 2, 2, 1, 1));
    }

    @Test
    void aBatchResizedOnTheEngineHoldsTheImagesOfTheResizedSet() {
        SplittableRandom random = new SplittableRandom(7);
        try (NDManager m = NDManager.newBaseManager()) {
            // {channels, side, new side}: SRGAN's 28 -> 7 and 32 -> 8, and an enlargement
            for (int[] c : new int[][] {{1, 28, 7}, {3, 32, 8}, {1, 7, 28}}) {
                int n = 5;
                int size = c[0] * c[1] * c[1];
                byte[] pixels = new byte[n * size];
                for (int i = 0; i < pixels.length; i++) {
                    int row = i % size / c[1];
                    // half smooth ramps, half noise: both the gentle and the overshooting case
                    pixels[i] = (byte)
                            (i < pixels.length / 2
                                    ? (row * 255 / c[1] + i % c[1] * 3) % 256
                                    : random.nextInt(256));
                }
                ImageSet set = ImageSet.create(
                        "test", pixels, new int[n], c[0], c[1], c[1], List.of("only"));
                int[] all = {0, 1, 2, 3, 4};
                NDArray batch = set.batch(m, all);
                float[] ours = Resample.bicubic(batch, c[2], c[2]).toFloatArray();
                float[] expected =
                        Resample.bicubic(set, c[2], c[2]).batch(m, all).toFloatArray();
                assertEquals(expected.length, ours.length);
                int equal = 0;
                for (int i = 0; i < ours.length; i++) {
                    // at most one byte level apart, where float32 sums cross a half level
                    assertEquals(expected[i], ours[i], 1 / 127.5 + 1e-6, c[1] + " -> " + c[2]);
                    equal += expected[i] == ours[i] ? 1 : 0;
                }
                assertTrue(
                        equal >= 0.99 * ours.length,
                        c[1] + " -> " + c[2] + ": only " + equal + " of " + ours.length + " equal");
            }
            assertThrows(
                    BadInputException.class,
                    () -> Resample.bicubic(m.zeros(new Shape(4, 4)), 2, 2));
        }
    }
}
