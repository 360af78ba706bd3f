package io.gankit.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.gankit.BadInputException;

/**
 * Colour images to grey as Pillow's {@code convert("L")} does: the ITU-R 601-2 luma {@code L = R
 * 299/1000 + G 587/1000 + B 114/1000}, computed in 16-bit fixed point and rounded ({@code (19595 R
 * + 38470 G + 7471 B + 32768) >> 16}). The weights sum to 65,536, so a grey pixel keeps its level.
 *
 * <p>Colourisation's inputs (pix2pix on CIFAR-10): a training step makes the grey input of each
 * colour batch itself, on the engine, to the same bytes as the grey copy of a data set.
 */
public final class Greyscale {
    private static final int RED = 19595;
    private static final int GREEN = 38470;
    private static final int BLUE = 7471;
    private static final int HALF = 32768;

    private Greyscale() {}

    /** The luma of one pixel, 0..255. */
    public static int luma(int red, int green, int blue) {
        return (RED * red + GREEN * green + BLUE * blue + HALF) >> 16;
    }

    /** Every colour image of {@code images} as a one-channel grey image; labels kept. */
    public static ImageSet of(ImageSet images) {
        requireColour(images.channels(), images.toString());
        int n = images.size();
        int h = images.height();
        int w = images.width();
        byte[] grey = new byte[n * h * w];
        int[] labels = new int[n];
        for (int i = 0, p = 0; i < n; i++) {
            labels[i] = images.label(i);
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++, p++) {
                    grey[p] = (byte) luma(
                            images.pixel(i, 0, r, c),
                            images.pixel(i, 1, r, c),
                            images.pixel(i, 2, r, c));
                }
            }
        }
        return ImageSet.create(
                images.name() + " (grey)", grey, labels, 1, h, w, images.classNames());
    }

    /**
     * The grey images {@code (N, 1, H, W)} of a batch of colour images {@code (N, 3, H, W)} in
     * [-1, 1], as {@link #of(ImageSet)} would give them: the byte levels are recovered, weighted in
     * integers (exact in float32: every sum stays below 2^24), shifted and scaled back as {@link
     * ImageSet#batch} scales bytes. The result lives in the batch's manager and carries no gradient.
     */
    public static NDArray of(NDArray images) {
        Shape s = images.getShape();
        if (s.dimension() != 4) {
            throw new BadInputException(
                    "greyscale of a batch of shape " + s + "; expected (N, 3, H, W) images");
        }
        requireColour(Math.toIntExact(s.get(1)), "a batch of shape " + s);
        NDManager manager = images.getManager();
        try (NDManager scratch = manager.newSubManager()) {
            NDArray levels = images.stopGradient().add(1f).mul(127.5f).add(0.5f).floor();
            levels.attach(scratch);
            NDArray weights = scratch.create(new float[] {RED, GREEN, BLUE}, new Shape(1, 3, 1, 1));
            NDArray luma = levels.mul(weights)
                    .sum(new int[] {1}, true)
                    .add((float) HALF)
                    .div(65536f)
                    .floor();
            NDArray out = luma.div(127.5f).sub(1f);
            out.attach(manager);
            return out;
        }
    }

    /** {@code grey} {@code (N, 1, H, W)} repeated into three equal channels, to show beside colour. */
    public static NDArray asColour(NDArray grey) {
        Shape s = grey.getShape();
        return grey.broadcast(s.get(0), 3, s.get(2), s.get(3));
    }

    private static void requireColour(int channels, String what) {
        if (channels != 3) {
            throw new BadInputException(what + " has " + channels
                    + " channels; greyscale conversion expects 3 (red, green, blue), such as"
                    + " CIFAR-10's");
        }
    }
}
