package io.gankit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import io.gankit.BadInputException;

/**
 * Sub-pixel upsampling (Shi et al. 2016), as PyTorch's {@code nn.PixelShuffle(r)}: {@code (B, C r^2,
 * H, W)} to {@code (B, C, H r, W r)}, output {@code [b, c, h r + i, w r + j]} = input {@code [b,
 * c r^2 + i r + j, h, w]}. A convolution to {@code C r^2} channels followed by this shuffle is
 * SRGAN's upsampling step: every output pixel gets its own learned filter, with none of the
 * checkerboard a strided transposed convolution leaves. One reshape, transpose, reshape; no
 * parameters.
 */
public final class PixelShuffle extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int factor;

    /** The shuffle by {@code factor} (2 or more). */
    public PixelShuffle(int factor) {
        super(VERSION);
        if (factor < 2) {
            throw new BadInputException(
                    "PixelShuffle(" + factor + "); expected an upscaling factor of 2 or more");
        }
        this.factor = factor;
    }

    /** The shuffled array, attached to {@code x}'s manager. */
    public static NDArray apply(NDArray x, int factor) {
        Shape s = x.getShape();
        long r2 = (long) factor * factor;
        if (s.dimension() != 4 || s.get(1) % r2 != 0) {
            throw new BadInputException("PixelShuffle(" + factor + ") input of shape " + s
                    + "; expected (batch, channels, height, width) with channels a multiple of "
                    + r2);
        }
        long c = s.get(1) / r2;
        return x.reshape(s.get(0), c, factor, factor, s.get(2), s.get(3))
                .transpose(0, 1, 4, 2, 5, 3)
                .reshape(s.get(0), c, s.get(2) * factor, s.get(3) * factor);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return new NDList(apply(inputs.singletonOrThrow(), factor));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        return new Shape[] {
            new Shape(
                    s.get(0),
                    s.get(1) / ((long) factor * factor),
                    s.get(2) * factor,
                    s.get(3) * factor)
        };
    }

    @Override
    public String toString() {
        return "PixelShuffle(" + factor + ")";
    }
}
