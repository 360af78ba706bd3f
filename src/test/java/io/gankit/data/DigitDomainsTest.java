package io.gankit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import io.gankit.BadInputException;
import io.gankit.TestPaths;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The two digit domains: MNIST-M's blend worked out by hand on constructed images, the seeded
 * choice of background and crop, determinism, labels kept, and the unpaired split of real MNIST.
 */
class DigitDomainsTest {
    static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** {@code n} grey 28x28 digits whose pixel (r, c) of image i is {@code (i * 37 + r * 5 + c * 3) % 256}. */
    static ImageSet digits(int n) {
        byte[] pixels = new byte[n * 28 * 28];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (i * 3 + 1) % 10;
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    pixels[i * 784 + r * 28 + c] = (byte) ((i * 37 + r * 5 + c * 3) % 256);
                }
            }
        }
        return ImageSet.create("digits", pixels, labels, 1, 28, 28, DIGITS);
    }

    /** {@code n} colour backgrounds of {@code side} pixels: channel k of image j at (r, c) is {@code (j * 50 + k * 90 + r * 7 + c) % 256}. */
    static ImageSet backgrounds(int n, int side) {
        int plane = side * side;
        byte[] pixels = new byte[n * 3 * plane];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < 3; k++) {
                for (int r = 0; r < side; r++) {
                    for (int c = 0; c < side; c++) {
                        pixels[(j * 3 + k) * plane + r * side + c] =
                                (byte) ((j * 50 + k * 90 + r * 7 + c) % 256);
                    }
                }
            }
        }
        return ImageSet.create("backgrounds", pixels, new int[n], 3, side, side, List.of("photo"));
    }

    static byte[] bytes(ImageSet set) {
        byte[] out = new byte[set.size() * set.imageBytes()];
        int k = 0;
        for (int i = 0; i < set.size(); i++) {
            for (int c = 0; c < set.channels(); c++) {
                for (int r = 0; r < set.height(); r++) {
                    for (int x = 0; x < set.width(); x++) {
                        out[k++] = (byte) set.pixel(i, c, r, x);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void eachChannelIsTheAbsoluteDifferenceOfTheCropAndTheDigit() {
        // One background exactly 28 pixels across: the only crop is all of it, whatever the seed.
        ImageSet digits = digits(3);
        ImageSet background = backgrounds(1, 28);
        ImageSet blended = DigitDomains.mnistMLike(digits, background, 7);
        assertEquals(3, blended.size());
        assertEquals(3, blended.channels());
        for (int i = 0; i < 3; i++) {
            assertEquals(digits.label(i), blended.label(i), "label of image " + i);
            for (int k = 0; k < 3; k++) {
                for (int r = 0; r < 28; r++) {
                    for (int c = 0; c < 28; c++) {
                        int digit = (i * 37 + r * 5 + c * 3) % 256;
                        int patch = (k * 90 + r * 7 + c) % 256;
                        assertEquals(
                                Math.abs(patch - digit),
                                blended.pixel(i, k, r, c),
                                "image " + i + ", channel " + k + ", (" + r + ", " + c + ")");
                    }
                }
            }
        }
        // by hand at one pixel: digit (1 * 37 + 2 * 5 + 3 * 3) = 56, patch of channel 2 at (2, 3):
        // 180 + 14 + 3 = 197; |197 - 56| = 141
        assertEquals(141, blended.pixel(1, 2, 2, 3));
    }

    @Test
    void theBackgroundAndTheCropAreDrawnInOrderFromTheSeed() {
        ImageSet digits = digits(6);
        ImageSet backgrounds = backgrounds(4, 32);
        long seed = 11;
        ImageSet blended = DigitDomains.mnistMLike(digits, backgrounds, seed);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 6; i++) {
            int j = random.nextInt(4);
            int top = random.nextInt(5);
            int left = random.nextInt(5);
            for (int k = 0; k < 3; k++) {
                for (int r = 0; r < 28; r++) {
                    for (int c = 0; c < 28; c++) {
                        int patch = backgrounds.pixel(j, k, top + r, left + c);
                        assertEquals(
                                Math.abs(patch - digits.pixel(i, 0, r, c)),
                                blended.pixel(i, k, r, c),
                                "image " + i + " from background " + j + " at (" + top + ", " + left
                                        + ")");
                    }
                }
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOthersLabelsKept() {
        ImageSet digits = digits(20);
        ImageSet backgrounds = backgrounds(10, 32);
        byte[] once = bytes(DigitDomains.mnistMLike(digits, backgrounds, 3));
        byte[] again = bytes(DigitDomains.mnistMLike(digits, backgrounds, 3));
        byte[] other = bytes(DigitDomains.mnistMLike(digits, backgrounds, 4));
        assertTrue(Arrays.equals(once, again), "same seed, same bytes");
        assertFalse(Arrays.equals(once, other), "another seed, other backgrounds");
        ImageSet blended = DigitDomains.mnistMLike(digits, backgrounds, 4);
        for (int i = 0; i < digits.size(); i++) {
            assertEquals(digits.label(i), blended.label(i));
        }
        assertEquals(digits.classNames(), blended.classNames());
        assertTrue(blended.name().startsWith("mnist-m-like"), blended.name());
        // a build of the first digits is the start of a build of more
        byte[] prefix = bytes(DigitDomains.mnistMLike(digits.limit(5), backgrounds, 3));
        assertTrue(Arrays.equals(prefix, Arrays.copyOf(once, prefix.length)));
    }

    @Test
    void greyDigitsBecomeThreeEqualChannels() {
        ImageSet digits = digits(2);
        ImageSet rgb = DigitDomains.greyRgb(digits);
        assertEquals(3, rgb.channels());
        for (int i = 0; i < 2; i++) {
            assertEquals(digits.label(i), rgb.label(i));
            for (int k = 0; k < 3; k++) {
                for (int r = 0; r < 28; r++) {
                    for (int c = 0; c < 28; c++) {
                        assertEquals(digits.pixel(i, 0, r, c), rgb.pixel(i, k, r, c));
                    }
                }
            }
        }
    }

    @Test
    void theUnpairedDomainsTakeTheFirstAndTheSecondHalf() {
        ImageSet digits = digits(9);
        DigitDomains.Domains d = DigitDomains.unpaired(digits, backgrounds(3, 32), 5);
        assertEquals(4, d.a().size(), "A: the first half");
        assertEquals(5, d.b().size(), "B: the second half and the odd image");
        for (int i = 0; i < 4; i++) {
            assertEquals(digits.label(i), d.a().label(i));
            assertEquals(digits.pixel(i, 0, 9, 9), d.a().pixel(i, 1, 9, 9));
        }
        ImageSet expectedB =
                DigitDomains.mnistMLike(DigitDomains.range(digits, 4, 9), backgrounds(3, 32), 5);
        assertTrue(Arrays.equals(bytes(expectedB), bytes(d.b())));
    }

    @Test
    void imagesThatCannotBeBlendedAreRefusedSayingWhatIsExpected() {
        BadInputException colourDigits = assertThrows(
                BadInputException.class,
                () -> DigitDomains.mnistMLike(backgrounds(2, 28), backgrounds(2, 32), 1));
        assertTrue(colourDigits.getMessage().contains("1x28x28"), colourDigits.getMessage());
        BadInputException small = assertThrows(
                BadInputException.class,
                () -> DigitDomains.mnistMLike(digits(2), backgrounds(2, 20), 1));
        assertTrue(small.getMessage().contains("at least 28x28"), small.getMessage());
        assertThrows(
                BadInputException.class,
                () -> DigitDomains.unpaired(digits(1), backgrounds(1, 32), 1));
    }

    @Test
    void realTestDigitsSplitIntoGreyAndColouredHalves() {
        DataFolder folder = TestPaths.dataFolder();
        ImageSet mnist = Datasets.load("mnist", Datasets.Split.TEST, folder);
        DigitDomains.Domains d =
                DigitDomains.unpaired(folder, Datasets.Split.TEST, DigitDomains.SEED);
        assertEquals(5000, d.a().size());
        assertEquals(5000, d.b().size());
        assertEquals(new Shape(3, 28, 28), d.a().sampleShape());
        assertEquals(new Shape(3, 28, 28), d.b().sampleShape());
        for (int i = 0; i < 5000; i += 499) {
            assertEquals(mnist.label(i), d.a().label(i));
            assertEquals(mnist.label(5000 + i), d.b().label(i));
        }
        // the coloured digits have colour: their channels differ somewhere
        int differing = 0;
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                differing += d.b().pixel(0, 0, r, c) != d.b().pixel(0, 2, r, c) ? 1 : 0;
            }
        }
        assertTrue(differing > 100, differing + " pixels of image 0 differ between red and blue");
    }
}
