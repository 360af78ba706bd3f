package io.gankit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gankit.BadInputException;
import io.gankit.TestPaths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The subsets and unions of labelled images that the augmentation experiment is built from. */
class ImageSetTest {
    static ImageSet mnist;

    @BeforeAll
    static void load() {
        mnist = Datasets.load(
                "mnist", Datasets.Split.TRAIN, DataFolder.of(TestPaths.data()).offline());
    }

    /** Each image as its 784 pixel values, to compare images across sets. */
    private static List<String> images(ImageSet set) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            StringBuilder sb = new StringBuilder().append(set.label(i)).append(':');
            for (int r = 0; r < set.height(); r++) {
                for (int c = 0; c < set.width(); c++) {
                    sb.append(set.pixel(i, 0, r, c)).append(',');
                }
            }
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void aBalancedSampleHasAsManyOfEveryClassAndChangesWithTheSeed() {
        ImageSet a = mnist.balancedSample(100, 1);
        assertEquals(100, a.size());
        assertArrayEquals(new int[] {10, 10, 10, 10, 10, 10, 10, 10, 10, 10}, a.labelCounts());
        int[] thousand = mnist.balancedSample(1000, 1).labelCounts();
        for (int k = 0; k < 10; k++) {
            assertEquals(100, thousand[k], "class " + k);
        }
        // every sampled image is a training image with its own label
        Set<String> all = new HashSet<>(images(mnist));
        assertTrue(all.containsAll(images(a)), "the sample's images and labels are MNIST's");
        assertEquals(100, new HashSet<>(images(a)).size(), "drawn without replacement");
        assertEquals(images(a), images(mnist.balancedSample(100, 1)), "the same seed");
        List<String> other = images(mnist.balancedSample(100, 2));
        assertNotEquals(images(a), other, "another seed");
        Set<String> shared = new HashSet<>(images(a));
        shared.retainAll(other);
        assertTrue(shared.size() < 10, "two seeds share " + shared.size() + " of 100 images");
    }

    @Test
    void aBalancedSampleNamesACountItCannotServe() {
        BadInputException notMultiple =
                assertThrows(BadInputException.class, () -> mnist.balancedSample(105, 1));
        assertTrue(
                notMultiple
                        .getMessage()
                        .contains("a balanced sample of 105 images; expected a "
                                + "positive multiple of the 10 classes (such as 100)"),
                notMultiple.getMessage());
        assertThrows(BadInputException.class, () -> mnist.balancedSample(0, 1));
        ImageSet few = mnist.limit(500); // class 5 is the rarest: 41 of the first 500
        BadInputException tooMany =
                assertThrows(BadInputException.class, () -> few.balancedSample(1000, 1));
        assertTrue(
                tooMany.getMessage()
                        .contains("a balanced sample of 1000 images takes 100 of class"),
                tooMany.getMessage());
        int rarest = Arrays.stream(few.labelCounts()).min().orElseThrow();
        assertTrue(
                tooMany.getMessage().endsWith("expected at most " + 10 * rarest + " images"),
                tooMany.getMessage());
        assertEquals(10 * rarest, few.balancedSample(10 * rarest, 3).size(), "the most it can");
    }

    @Test
    void concatKeepsEveryImageWithItsLabel() {
        ImageSet a = mnist.balancedSample(20, 1);
        ImageSet b = mnist.limit(7);
        ImageSet both = a.concat(b);
        assertEquals(27, both.size());
        List<String> expected = new ArrayList<>(images(a));
        expected.addAll(images(b));
        assertEquals(expected, images(both));
        assertEquals(mnist.classNames(), both.classNames());
        assertTrue(both.name().contains(" + "), both.name());
        ImageSet colour = ImageSet.create(
                "colour", new byte[3 * 28 * 28], new int[] {0}, 3, 28, 28, mnist.classNames());
        BadInputException shape = assertThrows(BadInputException.class, () -> a.concat(colour));
        assertTrue(shape.getMessage().contains("3x28x28"), shape.getMessage());
        ImageSet twoClasses = ImageSet.create(
                "two", new byte[28 * 28], new int[] {1}, 1, 28, 28, List.of("a", "b"));
        assertThrows(BadInputException.class, () -> a.concat(twoClasses));
    }

    @Test
    void generatedBytesBecomeASetWithTheirLabels() {
        ImageSet real = mnist.limit(5);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray bytes = real.uint8(manager);
            int[] labels = {9, 8, 7, 6, 5};
            ImageSet made = ImageSet.fromUint8("made", bytes, labels, mnist.classNames());
            assertEquals(5, made.size());
            assertEquals(9, made.label(0));
            assertEquals(5, made.label(4));
            assertArrayEquals(bytes.toByteArray(), made.uint8(manager).toByteArray());
            labels[0] = 1; // the set keeps its own copy
            assertEquals(9, made.label(0));
            NDArray floats = manager.zeros(new Shape(5, 1, 28, 28), DataType.FLOAT32);
            BadInputException notBytes = assertThrows(
                    BadInputException.class,
                    () -> ImageSet.fromUint8("f", floats, labels, mnist.classNames()));
            assertTrue(notBytes.getMessage().contains("expected uint8"), notBytes.getMessage());
            assertThrows(
                    BadInputException.class,
                    () -> ImageSet.fromUint8("n", bytes, new int[4], mnist.classNames()));
        }
    }

    @Test
    void anAugmentedImageIsItsShiftOrMirrorWithABlackBorder() {
        // one 2 x 5 x 6 image whose pixels are all different, so each output names its move
        int c = 2, h = 5, w = 6;
        byte[] pixels = new byte[c * h * w];
        for (int k = 0; k < pixels.length; k++) {
            pixels[k] = (byte) (4 * k + 3);
        }
        ImageSet one = ImageSet.create("one", pixels, new int[] {0}, c, h, w, List.of("a"));
        int[] order = new int[64];
        Set<String> moves = new HashSet<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            SplittableRandom random = new SplittableRandom(5);
            for (int round = 0; round < 8; round++) {
                float[] got = one.augmentedBatch(manager, order, 0, 64, 1, true, random)
                        .toFloatArray();
                for (int i = 0; i < 64; i++) {
                    String move = null;
                    for (int dy = -1; dy <= 1 && move == null; dy++) {
                        for (int dx = -1; dx <= 1 && move == null; dx++) {
                            for (int m = 0; m < 2 && move == null; m++) {
                                if (matches(got, i, pixels, c, h, w, dy, dx, m == 1)) {
                                    move = dy + "," + dx + "," + m;
                                }
                            }
                        }
                    }
                    assertTrue(
                            move != null,
                            "image " + i + " of round " + round
                                    + " is no shift by at most 1 pixel, mirrored or not");
                    moves.add(move);
                }
            }
            // all 9 offsets, each mirrored and not, turn up in 512 draws
            assertEquals(18, moves.size(), moves.toString());
            // no shift and no mirror is the plain batch; the same seed gives the same batch
            int[] first = {0, 1, 2, 3};
            ImageSet four = mnist.limit(4);
            assertArrayEquals(
                    four.batch(manager, first).toFloatArray(),
                    four.augmentedBatch(manager, first, 0, 4, 0, false, new SplittableRandom(1))
                            .toFloatArray());
            assertArrayEquals(
                    four.augmentedBatch(manager, first, 0, 4, 3, true, new SplittableRandom(7))
                            .toFloatArray(),
                    four.augmentedBatch(manager, first, 0, 4, 3, true, new SplittableRandom(7))
                            .toFloatArray());
            BadInputException tooFar = assertThrows(
                    BadInputException.class,
                    () -> one.augmentedBatch(
                            manager, order, 0, 1, 3, false, new SplittableRandom(1)));
            assertTrue(
                    tooFar.getMessage().startsWith("one: a shift of 3 pixels for 5x6 images")
                            && tooFar.getMessage().contains("expected 0 to 2"),
                    tooFar.getMessage());
        }
    }

    /** Whether image {@code i} of {@code got} is the image moved by (dy, dx), then mirrored. */
    private static boolean matches(
            float[] got, int i, byte[] in, int c, int h, int w, int dy, int dx, boolean mirror) {
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int sx = (mirror ? w - 1 - x : x) - dx;
                    int sy = y - dy;
                    float expected = sy < 0 || sy >= h || sx < 0 || sx >= w
                            ? -1f
                            : (in[(ch * h + sy) * w + sx] & 0xFF) / 127.5f - 1f;
                    if (got[((i * c + ch) * h + y) * w + x] != expected) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
