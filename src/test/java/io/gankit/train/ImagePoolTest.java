package io.gankit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gankit.BadInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The image pool's rule step by step with a fixed random, and its state's round trip. */
class ImagePoolTest {
    /** A batch of images of 1 x 1 x 2 whose values are {@code (v, -v)}, one per value. */
    static NDArray batch(NDManager m, float... values) {
        float[] data = new float[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            data[2 * i] = values[i];
            data[2 * i + 1] = -values[i];
        }
        return m.create(data, new Shape(values.length, 1, 1, 2));
    }

    /** The first value of each image of a batch. */
    static float[] firsts(NDArray images) {
        float[] all = images.toFloatArray();
        float[] out = new float[all.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = all[2 * i];
            assertEquals(-out[i], all[2 * i + 1], "images travel whole");
        }
        return out;
    }

    @Test
    void whileNotFullItStoresAndReturnsEachImageThenSwapsHalfTheTime() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImagePool pool = new ImagePool(3);
            SplittableRandom random = new SplittableRandom(4);
            SplittableRandom replay = new SplittableRandom(4);
            // not yet full: stored and returned as they are, nothing drawn
            assertArrayEquals(new float[] {1, 2}, firsts(pool.query(batch(m, 1, 2), random)));
            assertEquals(2, pool.size());
            // the third fills the pool without a draw; the fourth and fifth each draw a coin and,
            // on heads (>= 1/2), a slot whose image they take and replace
            float[] got = firsts(pool.query(batch(m, 3, 4, 5), random));
            List<Float> stored = new ArrayList<>(List.of(1f, 2f, 3f));
            float[] expected = {3, 0, 0};
            for (int i = 1; i < 3; i++) {
                float fresh = 3 + i;
                if (replay.nextDouble() >= 0.5) {
                    int k = replay.nextInt(3);
                    expected[i] = stored.get(k);
                    stored.set(k, fresh);
                } else {
                    expected[i] = fresh;
                }
            }
            assertArrayEquals(expected, got);
            assertEquals(3, pool.size());
            assertEquals(replay.nextLong(), random.nextLong(), "the pool drew as many numbers");
        }
    }

    @Test
    void aFullPoolReturnsAStoredImageAboutHalfTheTime() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImagePool pool = new ImagePool(50);
            SplittableRandom random = new SplittableRandom(1);
            pool.query(batch(m, new float[50]), random); // fills it with zeros
            int old = 0;
            int n = 4000;
            for (int i = 1; i <= n; i++) {
                float[] got = firsts(pool.query(batch(m, i), random));
                old += got[0] != i ? 1 : 0;
            }
            assertEquals(0.5, old / (double) n, 0.03, "share of stored images returned");
        }
    }

    @Test
    void capacityZeroIsNoPool() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImagePool pool = new ImagePool(0);
            SplittableRandom random = new SplittableRandom(9);
            NDArray images = batch(m, 1, 2, 3);
            assertSame(images, pool.query(images, random));
            assertEquals(new SplittableRandom(9).nextLong(), random.nextLong(), "nothing drawn");
            assertThrows(BadInputException.class, () -> new ImagePool(-1));
        }
    }

    @Test
    void itsStateRoundTripsAndARestoredPoolAnswersAsTheOriginal() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            ImagePool pool = new ImagePool(4);
            SplittableRandom random = new SplittableRandom(2);
            pool.query(batch(m, 1, 2, 3), random);
            pool.query(batch(m, 4, 5, 6), random);
            byte[] saved = pool.encode();

            ImagePool restored = new ImagePool(4);
            restored.restore(saved);
            assertEquals(4, restored.size());
            assertArrayEquals(saved, restored.encode());
            SplittableRandom r1 = new SplittableRandom(8);
            SplittableRandom r2 = new SplittableRandom(8);
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(
                        firsts(pool.query(batch(m, 10 + i, 20 + i), r1)),
                        firsts(restored.query(batch(m, 10 + i, 20 + i), r2)));
            }

            ImagePool empty = new ImagePool(4);
            ImagePool fromEmpty = new ImagePool(4);
            fromEmpty.restore(empty.encode());
            assertEquals(0, fromEmpty.size());

            IOException otherSize =
                    assertThrows(IOException.class, () -> new ImagePool(5).restore(saved));
            assertTrue(otherSize.getMessage().contains("same pool size"), otherSize.getMessage());
            assertThrows(
                    IOException.class,
                    () -> new ImagePool(4).restore(Arrays.copyOf(saved, saved.length - 3)));
            assertThrows(IOException.class, () -> new ImagePool(4).restore(new byte[] {1, 2}));
            // a pool keeps one image shape
            BadInputException shape = assertThrows(
                    BadInputException.class,
                    () -> restored.query(m.zeros(new Shape(1, 2, 1, 2)), r1));
            assertTrue(shape.getMessage().contains("one image shape"), shape.getMessage());
        }
    }
}
