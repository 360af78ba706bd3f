package io.gankit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import io.gankit.BadInputException;

/**
 * Pads {@code (B, C, H, W)} with zeros: {@code left} and {@code right} columns, {@code top} and
 * {@code bottom} rows, as PyTorch's {@code nn.ZeroPad2d((left, right, top, bottom))} and Keras'
 * {@code ZeroPadding2D(((top, bottom), (left, right)))}. One {@code constant_pad_nd} call in the
 * engine, instead of the two concatenations with zero arrays the plain NDArray route needs.
 */
public final class ZeroPad2d extends AbstractBlock {
    private static final byte VERSION = 1;

    private final long[] padding;

    /** Zero padding by the given number of columns and rows, each 0 or more. */
    public ZeroPad2d(int left, int right, int top, int bottom) {
        super(VERSION);
        if (left < 0 || right < 0 || top < 0 || bottom < 0) {
            throw new BadInputException("ZeroPad2d(" + left + ", " + right + ", " + top + ", "
                    + bottom + "); expected paddings of 0 or more");
        }
        // The engine's order: last axis first, each as (before, after).
        this.padding = new long[] {left, right, top, bottom};
    }

    /** The padded array, attached to {@code x}'s manager. */
    public NDArray apply(NDArray x) {
        if (x.getShape().dimension() != 4) {
            throw new BadInputException("ZeroPad2d input of shape " + x.getShape()
                    + "; expected (batch, channels, height, width)");
        }
        return x.pad(new Shape(padding), 0);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return new NDList(apply(inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        return new Shape[] {
            new Shape(
                    s.get(0),
                    s.get(1),
                    s.get(2) + padding[2] + padding[3],
                    s.get(3) + padding[0] + padding[1])
        };
    }

    @Override
    public String toString() {
        return "ZeroPad2d(" + padding[0] + ", " + padding[1] + ", " + padding[2] + ", " + padding[3]
                + ")";
    }
}
