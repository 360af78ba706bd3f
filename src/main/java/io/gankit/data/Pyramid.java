package io.gankit.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

import io.gankit.BadInputException;
import io.gankit.engine.Scalars;

import java.util.ArrayList;
import java.util.List;

/**
 * The Laplacian pyramid of image batches that LAPGAN (Denton et al. 2015) generates level by
 * level, on the engine: {@link #down} halves an image (the mean of each 2x2 block), {@link #up}
 * doubles it (bilinear, PyTorch's {@code interpolate(scale_factor=2, mode="bilinear",
 * align_corners=False)}), and each finer level keeps what the coarser one, upsampled, misses: the
 * residual {@code h = x - up(down(x))}. So an image is its coarsest level plus its residuals, and
 * {@link #reconstruct} puts it back together by upsampling and adding, the same chain LAPGAN's
 * sampling runs with generated residuals.
 *
 * <p>None of this is differentiated: LAPGAN's networks see pyramid levels of real images as data,
 * and at sampling time the chain runs in inference mode.
 */
public final class Pyramid {
    private Pyramid() {}

    /** {@code (B, C, H, W)} to {@code (B, C, H/2, W/2)}: each pixel the mean of a 2x2 block. */
    public static NDArray down(NDArray x) {
        Shape s = requireImages(x, "down");
        if (s.get(2) % 2 != 0 || s.get(3) % 2 != 0) {
            throw new BadInputException(
                    "Pyramid.down of images of shape " + s + "; expected even heights and widths");
        }
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2) / 2;
        long w = s.get(3) / 2;
        // one axis at a time: the engine's mean takes one
        return x.reshape(b, c, h, 2, w, 2).mean(new int[] {5}).mean(new int[] {3});
    }

    /**
     * {@code (B, C, H, W)} to {@code (B, C, 2H, 2W)}, bilinear: each output pixel weighs the two
     * nearest input pixels of each axis 3/4 and 1/4 (the nearer 3/4), the border repeated beyond
     * the edge, one axis after the other.
     */
    public static NDArray up(NDArray x) {
        requireImages(x, "up");
        return upAlong(upAlong(x, 2), 3);
    }

    /** Doubles axis {@code axis} of {@code x} bilinearly. */
    private static NDArray upAlong(NDArray x, int axis) {
        long n = x.getShape().get(axis);
        // each pixel's neighbours before and after it along the axis, the edge pixel repeated
        NDArray before = x.get(slice(axis, 0, 1)).concat(x.get(slice(axis, 0, n - 1)), axis);
        NDArray after = x.get(slice(axis, 1, n)).concat(x.get(slice(axis, n - 1, n)), axis);
        NDArray threeQuarters = Scalars.times(x, 0.75);
        NDArray even = threeQuarters.add(Scalars.times(before, 0.25));
        NDArray odd = threeQuarters.add(Scalars.times(after, 0.25));
        // interleave: even pixels at 2i, odd ones at 2i + 1
        Shape s = x.getShape();
        long[] doubled = s.getShape().clone();
        doubled[axis] = 2 * n;
        return even.stack(odd, axis + 1).reshape(new Shape(doubled));
    }

    private static NDIndex slice(int axis, long from, long to) {
        StringBuilder spec = new StringBuilder();
        for (int i = 0; i < axis; i++) {
            spec.append(":,");
        }
        spec.append(from).append(':').append(to);
        return new NDIndex(spec.toString());
    }

    /**
     * The Laplacian pyramid of {@code x} with {@code levels} levels, coarsest first: element 0 is
     * {@code x} halved {@code levels - 1} times, element k (k >= 1) the residual of level k,
     * {@code x_k - up(x_{k-1})}, whose size is {@code x}'s halved {@code levels - 1 - k} times.
     */
    public static NDList laplacian(NDArray x, int levels) {
        Shape s = requireImages(x, "laplacian");
        int factor = 1 << (levels - 1);
        if (levels < 1 || s.get(2) % factor != 0 || s.get(3) % factor != 0) {
            throw new BadInputException("a Laplacian pyramid of " + levels + " levels of images "
                    + "of shape " + s + "; expected 1 or more levels and sides divisible by "
                    + "2^(levels - 1) = " + factor);
        }
        List<NDArray> gaussian = new ArrayList<>();
        gaussian.add(x);
        for (int k = 1; k < levels; k++) {
            gaussian.add(0, down(gaussian.get(0)));
        }
        NDList out = new NDList(gaussian.get(0));
        for (int k = 1; k < levels; k++) {
            out.add(gaussian.get(k).sub(up(gaussian.get(k - 1))));
        }
        return out;
    }

    /**
     * The image a pyramid ({@link #laplacian}'s form) describes: its coarsest level upsampled and
     * added to each residual in turn.
     */
    public static NDArray reconstruct(NDList pyramid) {
        NDArray x = pyramid.get(0);
        for (int k = 1; k < pyramid.size(); k++) {
            x = up(x).add(pyramid.get(k));
        }
        return x;
    }

    private static Shape requireImages(NDArray x, String what) {
        Shape s = x.getShape();
        if (s.dimension() != 4) {
            throw new BadInputException("Pyramid." + what + " of an array of shape " + s
                    + "; expected images (batch, channels, height, width)");
        }
        return s;
    }
}
