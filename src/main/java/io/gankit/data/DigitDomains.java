package io.gankit.data;

import io.gankit.BadInputException;

import java.util.SplittableRandom;

/**
 * Two domains of the same digits for unpaired image-to-image translation (CycleGAN): MNIST as
 * 3-channel grey images (domain A) and an MNIST-M-like set of coloured digits (domain B), both
 * {@code 3 x 28 x 28} so that CycleGAN's identity loss {@code G_AB(b) ~ b} compares images of the
 * same channels.
 *
 * <p>MNIST-M (Ganin et al. 2015) blends each MNIST digit into a random patch of a colour photo:
 * each channel of the output is {@code |patch - digit|}, so the digit's strokes invert the patch's
 * colours beneath them. The papers took their patches from BSDS500 photos; here they are seeded
 * 28x28 crops of <b>CIFAR-10 training images</b> (the photos the kit already has), so the set is
 * MNIST-M-like, not MNIST-M: its numbers are not comparable with published MNIST-M results.
 *
 * <p>The construction is deterministic: for image {@code i} in order, one {@link SplittableRandom}
 * seeded with the construction seed draws the background's index, then the crop's row, then its
 * column. The same digits, backgrounds and seed give the same bytes; a build of the first
 * {@code n} digits equals the first {@code n} images of a build of more. Labels are the digits'.
 *
 * <p>{@link #unpaired} splits MNIST so that the two training sets never show the same digit
 * image: domain A is made of the <b>first half</b> of the split (training images 0..29,999, test
 * images 0..4,999), domain B of the <b>second half</b> (30,000..59,999 and 5,000..9,999). Both splits
 * take their backgrounds from CIFAR-10's training images (the kit's shared copy has only 1,000 test
 * images); the test split draws them with a different seed ({@code ~seed}), and its digits are
 * MNIST's held-out test digits.
 */
public final class DigitDomains {
    /** The construction seed of the kit's MNIST-M-like set, unless a caller picks another. */
    public static final long SEED = 2015;

    /** The data set name of domain B: what its {@link ImageSet#name()} and caches start with. */
    public static final String MNIST_M_LIKE = "mnist-m-like";

    /** Side of both domains' images. */
    public static final int SIDE = 28;

    private DigitDomains() {}

    /** The two domains of one split: A (grey digits) and B (digits on colour patches), unpaired. */
    public record Domains(ImageSet a, ImageSet b) {}

    /**
     * MNIST's {@code split} as the two unpaired domains (first half to A, second half to B; see
     * the class comment), B's backgrounds cropped from CIFAR-10's training images with {@code seed}
     * ({@code ~seed} for the test split). Reads MNIST and CIFAR-10 from {@code folder}.
     */
    public static Domains unpaired(DataFolder folder, Datasets.Split split, long seed) {
        ImageSet mnist = Datasets.load("mnist", split, folder);
        ImageSet backgrounds = Datasets.load("cifar10", Datasets.Split.TRAIN, folder);
        return unpaired(mnist, backgrounds, split == Datasets.Split.TRAIN ? seed : ~seed);
    }

    /**
     * {@code digits} as the two unpaired domains: A = its first half ({@link #greyRgb}), B = its
     * second half blended into crops of {@code backgrounds} ({@link #mnistMLike}) with {@code seed}.
     * An odd image count leaves the extra image to B.
     */
    public static Domains unpaired(ImageSet digits, ImageSet backgrounds, long seed) {
        if (digits.size() < 2) {
            throw new BadInputException(digits.name() + ": " + digits.size()
                    + " images; expected at least 2 to split into two domains");
        }
        int half = digits.size() / 2;
        ImageSet a = greyRgb(range(digits, 0, half));
        ImageSet b = mnistMLike(range(digits, half, digits.size()), backgrounds, seed);
        return new Domains(a, b);
    }

    /**
     * Grey digits as colour images: the one channel copied to red, green and blue, so the digits
     * look the same and have domain B's shape. Labels and class names kept.
     */
    public static ImageSet greyRgb(ImageSet grey) {
        requireDigits(grey);
        int plane = SIDE * SIDE;
        byte[] out = new byte[grey.size() * 3 * plane];
        int[] labels = new int[grey.size()];
        for (int i = 0; i < grey.size(); i++) {
            labels[i] = grey.label(i);
            for (int c = 0; c < 3; c++) {
                int base = (i * 3 + c) * plane;
                for (int r = 0; r < SIDE; r++) {
                    for (int x = 0; x < SIDE; x++) {
                        out[base + r * SIDE + x] = (byte) grey.pixel(i, 0, r, x);
                    }
                }
            }
        }
        return ImageSet.create(
                grey.name() + " (grey as RGB)", out, labels, 3, SIDE, SIDE, grey.classNames());
    }

    /**
     * The MNIST-M-like blend of {@code digits} (1 x 28 x 28) into crops of {@code backgrounds}
     * (3-channel images of at least 28 x 28, such as CIFAR-10's 32 x 32): for digit {@code i}, in
     * order, a seeded random draws a background, then the top row and left column of a 28 x 28
     * crop of it; each of the 3 output channels is {@code |crop - digit|} pixel by pixel. Labels
     * and class names are the digits'.
     */
    public static ImageSet mnistMLike(ImageSet digits, ImageSet backgrounds, long seed) {
        requireDigits(digits);
        if (backgrounds.channels() != 3
                || backgrounds.height() < SIDE
                || backgrounds.width() < SIDE) {
            throw new BadInputException(backgrounds.name() + ": backgrounds of "
                    + backgrounds.channels() + "x" + backgrounds.height() + "x"
                    + backgrounds.width() + "; expected colour images (3 channels) of at least "
                    + SIDE + "x" + SIDE + ", such as CIFAR-10's training images");
        }
        if (backgrounds.size() == 0) {
            throw new BadInputException(
                    backgrounds.name() + ": no backgrounds; expected CIFAR-10's training images");
        }
        SplittableRandom random = new SplittableRandom(seed);
        int plane = SIDE * SIDE;
        byte[] out = new byte[digits.size() * 3 * plane];
        int[] labels = new int[digits.size()];
        int rows = backgrounds.height() - SIDE + 1;
        int cols = backgrounds.width() - SIDE + 1;
        for (int i = 0; i < digits.size(); i++) {
            labels[i] = digits.label(i);
            // the draws' order (background, row, column) is part of the set's definition
            int background = random.nextInt(backgrounds.size());
            int top = random.nextInt(rows);
            int left = random.nextInt(cols);
            for (int c = 0; c < 3; c++) {
                int base = (i * 3 + c) * plane;
                for (int r = 0; r < SIDE; r++) {
                    for (int x = 0; x < SIDE; x++) {
                        int patch = backgrounds.pixel(background, c, top + r, left + x);
                        out[base + r * SIDE + x] =
                                (byte) Math.abs(patch - digits.pixel(i, 0, r, x));
                    }
                }
            }
        }
        return ImageSet.create(
                MNIST_M_LIKE + " (seed " + seed + ")",
                out,
                labels,
                3,
                SIDE,
                SIDE,
                digits.classNames());
    }

    /** Images {@code from .. to-1} of {@code set}. */
    static ImageSet range(ImageSet set, int from, int to) {
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        return set.select(indices);
    }

    private static void requireDigits(ImageSet digits) {
        if (digits.channels() != 1 || digits.height() != SIDE || digits.width() != SIDE) {
            throw new BadInputException(digits.name() + ": images of " + digits.channels() + "x"
                    + digits.height() + "x" + digits.width()
                    + "; expected grey 1x28x28 digits (MNIST)");
        }
    }
}
