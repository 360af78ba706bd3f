package io.gankit.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * The one place the kit convolves. Every convolution of the kit's layers comes here, so the route
 * that {@link Engines#ensure()} chose for this CPU ({@link ConvRoute}) applies to all of them.
 */
public final class Convolutions {
    /**
     * Channel block of oneDNN's widest x86 layouts (16 floats of an AVX-512 register); a multiple of
     * the AVX2 block (8) too, so a padded count leaves no block partly filled on either.
     */
    public static final int CHANNEL_BLOCK = 16;
    /**
     * Input channels up to this many are read in oneDNN's plain layout, which has no padding, and
     * were right; above it (17, 20, 24, 33, 40, 100 measured) a count off the block was wrong too.
     */
    static final int PLAIN_INPUT_CHANNELS = 8;

    private Convolutions() {}

    /**
     * The 2-D convolution (cross-correlation) of {@code x (B, in, H, W)} with {@code w (out, in, kh, kw)}
     * and {@code b (out)} (may be null), with dilation 1, by the route chosen for this machine.
     */
    public static NDArray conv2d(NDArray x, NDArray w, NDArray b, Shape stride, Shape padding) {
        return conv2d(x, w, b, stride, padding, Engines.convRoute());
    }

    /** As {@link #conv2d(NDArray, NDArray, NDArray, Shape, Shape)}, by the given route. */
    public static NDArray conv2d(
            NDArray x, NDArray w, NDArray b, Shape stride, Shape padding, ConvRoute route) {
        if (route != ConvRoute.PADDED_CHANNELS) {
            return direct(x, w, b, stride, padding);
        }
        Shape ws = w.getShape();
        long out = ws.get(0);
        long in = ws.get(1);
        long extraOut = roundUp(out) - out;
        long extraIn = in > PLAIN_INPUT_CHANNELS ? roundUp(in) - in : 0;
        // Zeros go first and are made in the input's manager: a result attaches to its first
        // operand's manager, so nothing of this step lands in the parameters' long-lived one.
        NDManager step = x.getManager();
        if (extraIn > 0) {
            Shape xs = x.getShape();
            x = step.zeros(new Shape(xs.get(0), extraIn, xs.get(2), xs.get(3)), x.getDataType())
                    .concat(x, 1);
            w = step.zeros(new Shape(out, extraIn, ws.get(2), ws.get(3)), w.getDataType())
                    .concat(w, 1);
        }
        if (extraOut == 0) {
            return direct(x, w, b, stride, padding);
        }
        Shape filters = w.getShape();
        w = step.zeros(
                        new Shape(extraOut, filters.get(1), filters.get(2), filters.get(3)),
                        w.getDataType())
                .concat(w, 0);
        b = b == null ? null : step.zeros(new Shape(extraOut), b.getDataType()).concat(b, 0);
        return direct(x, w, b, stride, padding).get(":, " + extraOut + ":");
    }

    private static long roundUp(long channels) {
        return (channels + CHANNEL_BLOCK - 1) / CHANNEL_BLOCK * CHANNEL_BLOCK;
    }

    private static NDArray direct(NDArray x, NDArray w, NDArray b, Shape stride, Shape padding) {
        return Conv2d.conv2d(x, w, b, stride, padding, new Shape(1, 1)).singletonOrThrow();
    }
}
