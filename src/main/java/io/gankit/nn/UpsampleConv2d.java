package io.gankit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import io.gankit.BadInputException;
import io.gankit.engine.Convolutions;

/**
 * Nearest upsampling by 2 followed by a 3x3 convolution with padding 1 (the seed generator's
 * {@code Upsample, Conv2d(in, out, 3, padding=1)}), computed without building the upsampled image.
 *
 * <p>After nearest upsampling, each output pixel's 3x3 window covers only 2x2 distinct input
 * pixels, which ones depending on the pixel's phase (row and column parity). So each of the four
 * phases is a 2x2 convolution of the original input with a kernel whose taps are sums of the
 * 3x3 taps (for a row of even phase: {@code [w0, w1 + w2]} over input rows {@code i-1, i}; odd:
 * {@code [w0 + w1, w2]} over rows {@code i, i+1}). The four small convolutions are interleaved into
 * the output: about 16/36 of the multiplications of upsample-then-convolve, and no 4x larger
 * intermediate. Weight {@code (out, in, 3, 3)} and bias
 * {@code (out)} are exactly those of the convolution it replaces, so initialisation and parameter
 * counts are unchanged.
 */
public final class UpsampleConv2d extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int outChannels;
    private final Parameter weight;
    private final Parameter bias;

    /** Upsampling by 2 then a 3x3 convolution to {@code outChannels} channels, padding 1, with bias. */
    public UpsampleConv2d(int outChannels) {
        super(VERSION);
        if (outChannels <= 0) {
            throw new BadInputException(
                    "UpsampleConv2d(out " + outChannels + "); expected a positive channel count");
        }
        this.outChannels = outChannels;
        this.weight = addParameter(Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .build());
        this.bias = addParameter(
                Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
    }

    @Override
    protected void prepare(Shape[] inputs) {
        weight.setShape(new Shape(outChannels, inputs[0].get(1), 3, 3));
        bias.setShape(new Shape(outChannels));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(apply(
                x,
                store.getValue(weight, x.getDevice(), training),
                store.getValue(bias, x.getDevice(), training)));
    }

    /**
     * {@code conv3x3(upsample2x(x), w, b)} with padding 1, for {@code x (B, in, H, W)},
     * {@code w (out, in, 3, 3)} and {@code b (out)} (may be null).
     */
    public static NDArray apply(NDArray x, NDArray w, NDArray b) {
        Shape xs = x.getShape();
        Shape ws = w.getShape();
        if (xs.dimension() != 4
                || ws.dimension() != 4
                || ws.get(1) != xs.get(1)
                || ws.get(2) != 3
                || ws.get(3) != 3) {
            throw new BadInputException("UpsampleConv2d input " + xs + " with weight " + ws
                    + "; expected (batch, in, height, width) and (out, in, 3, 3)");
        }
        long n = xs.get(0);
        long h = xs.get(2);
        long wd = xs.get(3);
        long out = ws.get(0);
        long in = ws.get(1);
        NDArray sums = phaseMatrix(x.getManager()).toType(w.getDataType(), false);
        // (out*in, 9) x (9, 16) -> per (a, b, r, c): the 2x2 kernel of phase (a, b).
        NDArray kernels = Layers.inScopeOf(x, w.reshape(out * in, 9))
                .matMul(sums)
                .reshape(out, in, 2, 2, 2, 2)
                .transpose(2, 3, 0, 1, 4, 5);
        NDArray padded = x.pad(new Shape(1, 1, 1, 1), 0);
        NDList rows = new NDList(2);
        for (int a = 0; a < 2; a++) {
            NDList cols = new NDList(2);
            for (int c = 0; c < 2; c++) {
                // Phase (a, c) reads input rows i - 1 + a, i + a: a window of the padded input
                // starting at row a and column c. Cutting the (small) input rather than a stacked
                // output keeps the backward pass from filling four output-sized arrays of zeros.
                NDArray window = padded.get(
                        ":, :, " + a + ":" + (a + h + 1) + ", " + c + ":" + (c + wd + 1));
                cols.add(Convolutions.conv2d(
                        window, kernels.get(a + ", " + c), b, new Shape(1, 1), new Shape(0, 0)));
            }
            rows.add(NDArrays.stack(cols, 4));
        }
        return NDArrays.stack(rows, 3).reshape(n, out, 2 * h, 2 * wd);
    }

    /**
     * The (9, 16) 0/1 matrix taking a 3x3 kernel {@code (u, v)} to the four 2x2 phase kernels
     * {@code (a, b, r, c)}: tap {@code (r, c)} of phase {@code (a, b)} sums the 3x3 taps {@code u}
     * in rows(a, r) and {@code v} in rows(b, c), where rows(0, 0) = {0}, rows(0, 1) = {1, 2},
     * rows(1, 0) = {0, 1}, rows(1, 1) = {2}.
     */
    private static NDArray phaseMatrix(NDManager manager) {
        float[] m = new float[9 * 16];
        for (int u = 0; u < 3; u++) {
            for (int v = 0; v < 3; v++) {
                for (int a = 0; a < 2; a++) {
                    for (int b = 0; b < 2; b++) {
                        for (int r = 0; r < 2; r++) {
                            for (int c = 0; c < 2; c++) {
                                if (covers(a, r, u) && covers(b, c, v)) {
                                    m[(u * 3 + v) * 16 + ((a * 2 + b) * 2 + r) * 2 + c] = 1;
                                }
                            }
                        }
                    }
                }
            }
        }
        return manager.create(m, new Shape(9, 16));
    }

    /** Whether 3x3 tap {@code u} lands on 2x2 tap {@code r} for an output of phase {@code a}. */
    private static boolean covers(int a, int r, int u) {
        // Output row 2i + a reads upsampled rows 2i + a + u - 1, i.e. input row floor((a + u - 1) /
        // 2) + i;
        // the 2x2 window starts at input row i - 1 + a.
        int inputRow = Math.floorDiv(a + u - 1, 2);
        return inputRow - (a - 1) == r;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        return new Shape[] {new Shape(s.get(0), outChannels, 2 * s.get(2), 2 * s.get(3))};
    }

    @Override
    public String toString() {
        return "UpsampleConv2d(out " + outChannels + ")";
    }
}
