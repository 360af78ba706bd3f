package io.gankit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import io.gankit.BadInputException;

/**
 * Pads {@code (B, C, H, W)} by {@code p} rows and columns on every side with the mirror image of
 * the border, not repeating it, as PyTorch's {@code nn.ReflectionPad2d(p)}: the row above row 0 is
 * row 1. CycleGAN's and pix2pix's generators pad this way so that a convolution at the border sees
 * image-like values instead of a frame of zeros. DJL's {@code pad} is constant only, so the
 * mirrored strips are sliced, flipped and joined (the gradient flows back through the slices).
 */
public final class ReflectionPad2d extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int padding;

    /** Reflection padding by {@code padding} (1 or more) on each side. */
    public ReflectionPad2d(int padding) {
        super(VERSION);
        if (padding < 1) {
            throw new BadInputException(
                    "ReflectionPad2d(" + padding + "); expected a padding of 1 or more");
        }
        this.padding = padding;
    }

    /** The padded array, attached to {@code x}'s manager. */
    public static NDArray apply(NDArray x, int padding) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(2) <= padding || s.get(3) <= padding) {
            throw new BadInputException("ReflectionPad2d(" + padding + ") input of shape " + s
                    + "; expected (batch, channels, height, width) with height and width above "
                    + padding);
        }
        long h = s.get(2);
        long w = s.get(3);
        NDArray top = x.get(":, :, 1:" + (padding + 1) + ", :").flip(2);
        NDArray bottom =
                x.get(":, :, " + (h - padding - 1) + ":" + (h - 1) + ", :").flip(2);
        NDArray rows = NDArrays.concat(new NDList(top, x, bottom), 2);
        NDArray left = rows.get(":, :, :, 1:" + (padding + 1)).flip(3);
        NDArray right =
                rows.get(":, :, :, " + (w - padding - 1) + ":" + (w - 1)).flip(3);
        return NDArrays.concat(new NDList(left, rows, right), 3);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return new NDList(apply(inputs.singletonOrThrow(), padding));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        return new Shape[] {
            new Shape(s.get(0), s.get(1), s.get(2) + 2L * padding, s.get(3) + 2L * padding)
        };
    }

    @Override
    public String toString() {
        return "ReflectionPad2d(" + padding + ")";
    }
}
