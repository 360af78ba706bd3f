package io.gankit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import io.gankit.BadInputException;
import io.gankit.engine.Convolutions;

/**
 * Transposed 2-D convolution, as PyTorch's {@code nn.ConvTranspose2d(in, out, k, stride, padding)}:
 * weight {@code (in, out, k, k)}, optional bias {@code (out)}, output side
 * {@code (side - 1) * stride - 2 * padding + k}. DJL's PyTorch engine does not implement
 * deconvolution, so this block builds it from ordinary convolutions with no wasted work:
 *
 * <ul>
 *   <li>stride 1: pad by {@code k - 1 - padding} (a negative pad crops) and convolve with the
 *       kernel flipped and its two channel axes swapped;</li>
 *   <li>stride s > 1: output pixel {@code o} only meets taps {@code t} with
 *       {@code t = (o + padding) mod s (mod s)}, so the output splits into {@code s x s} phases, each
 *       a stride-1 convolution of the input with the sub-kernel of those taps; the phases are then
 *       interleaved. When {@code k} is a multiple of {@code s} (DCGAN's 4x4 stride 2) all phases
 *       run as one convolution with the sub-kernels stacked as output channels. That is the same arithmetic as a direct transposed convolution, where the
 *       textbook route (insert s - 1 zeros between input pixels, then convolve) spends s^2 times
 *       as many multiplications, most of them by zero.</li>
 * </ul>
 */
public final class ConvTranspose2d extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param outChannels output channels
     * @param kernel square kernel side
     * @param stride upsampling factor (1 or more)
     * @param padding rows and columns removed from each border of the full output
     * @param withBias whether to add a learned bias per output channel
     */
    public ConvTranspose2d(int outChannels, int kernel, int stride, int padding, boolean withBias) {
        super(VERSION);
        if (outChannels <= 0 || kernel <= 0 || stride <= 0 || padding < 0 || padding >= kernel) {
            throw new BadInputException("ConvTranspose2d(out " + outChannels + ", kernel " + kernel
                    + ", stride " + stride + ", padding " + padding
                    + "); expected positive sizes and 0 <= padding < kernel");
        }
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.weight = addParameter(Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .build());
        this.bias = withBias
                ? addParameter(Parameter.builder()
                        .setName("bias")
                        .setType(Parameter.Type.BIAS)
                        .build())
                : null;
    }

    @Override
    protected void prepare(Shape[] inputs) {
        weight.setShape(new Shape(inputs[0].get(1), outChannels, kernel, kernel));
        if (bias != null) {
            bias.setShape(new Shape(outChannels));
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = store.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : store.getValue(bias, x.getDevice(), training);
        return new NDList(apply(x, w, b, stride, padding));
    }

    /** Output side for an input side. */
    public static long outputSide(long side, int kernel, int stride, int padding) {
        return (side - 1) * stride - 2L * padding + kernel;
    }

    /**
     * The transposed convolution of {@code x (B, in, H, W)} with {@code w (in, out, k, k)} and
     * {@code b (out)} (may be null), attached to {@code x}'s manager.
     */
    public static NDArray apply(NDArray x, NDArray w, NDArray b, int stride, int padding) {
        Shape xs = x.getShape();
        Shape ws = w.getShape();
        if (xs.dimension() != 4
                || ws.dimension() != 4
                || xs.get(1) != ws.get(0)
                || ws.get(2) != ws.get(3)) {
            throw new BadInputException("ConvTranspose2d input " + xs + " with weight " + ws
                    + "; expected (batch, in, height, width) and (in, out, k, k)");
        }
        int k = (int) ws.get(2);
        long outH = outputSide(xs.get(2), k, stride, padding);
        long outW = outputSide(xs.get(3), k, stride, padding);
        if (stride == 1) {
            NDArray flipped = Layers.inScopeOf(x, w.flip(2, 3)).transpose(1, 0, 2, 3);
            int pad = k - 1 - padding;
            NDArray padded = x.pad(new Shape(pad, pad, pad, pad), 0);
            return conv(padded, flipped, b);
        }
        if (outH % stride != 0 || outW % stride != 0 || k < stride) {
            return zeroInsertion(x, w, b, stride, padding);
        }
        long phaseH = outH / stride;
        long phaseW = outW / stride;
        if (k % stride == 0) {
            return stacked(x, w, b, stride, padding, phaseH, phaseW);
        }
        NDList rows = new NDList(stride);
        for (int a = 0; a < stride; a++) {
            NDList cols = new NDList(stride);
            Phase ph = new Phase(a, k, stride, padding, xs.get(2), phaseH);
            for (int c = 0; c < stride; c++) {
                Phase pw = new Phase(c, k, stride, padding, xs.get(3), phaseW);
                // Taps rho, rho + s, ... of the kernel, reversed so that a plain correlation
                // applies them.
                NDArray sub = Layers.inScopeOf(
                                x,
                                w.get(":, :, " + ph.rho + "::" + stride + ", " + pw.rho + "::"
                                        + stride))
                        .flip(2, 3)
                        .transpose(1, 0, 2, 3);
                NDArray input = x.pad(new Shape(pw.before, pw.after, ph.before, ph.after), 0);
                cols.add(conv(input, sub, b));
            }
            rows.add(NDArrays.stack(cols, 4));
        }
        NDArray interleaved = NDArrays.stack(rows, 3);
        return interleaved.reshape(xs.get(0), ws.get(1), outH, outW);
    }

    /**
     * All {@code s x s} phases in one convolution, when every phase has the same number of taps
     * ({@code k} a multiple of {@code s}): the sub-kernels are stacked as output channels, the input
     * is padded once to cover every phase's window, and each phase's outputs are then cut from
     * its channel block at its own offset. Near-minimal arithmetic in one large matrix product.
     */
    private static NDArray stacked(
            NDArray x, NDArray w, NDArray b, int s, int p, long phaseH, long phaseW) {
        Shape xs = x.getShape();
        Shape ws = w.getShape();
        long cin = ws.get(0);
        long cout = ws.get(1);
        int k = (int) ws.get(2);
        int taps = k / s;
        Phase[] rowPhases = new Phase[s];
        Phase[] colPhases = new Phase[s];
        for (int a = 0; a < s; a++) {
            rowPhases[a] = new Phase(a, k, s, p, xs.get(2), phaseH);
            colPhases[a] = new Phase(a, k, s, p, xs.get(3), phaseW);
        }
        long padTop = max(rowPhases, true);
        long padBottom = max(rowPhases, false);
        long padLeft = max(colPhases, true);
        long padRight = max(colPhases, false);
        // Kernel index t = j * s + rho: split each kernel axis into (j, rho), reverse j, and make
        // (rho_h, rho_w, out) the output channels of one convolution.
        NDArray kernels = Layers.inScopeOf(x, w.reshape(cin, cout, taps, s, taps, s))
                .flip(2, 4)
                .transpose(3, 5, 1, 0, 2, 4)
                .reshape(s * s * cout, cin, taps, taps);
        NDArray bias = b == null ? null : Layers.inScopeOf(x, b.tile(s * s));
        NDArray y = conv(x.pad(new Shape(padLeft, padRight, padTop, padBottom), 0), kernels, bias);
        NDArray blocks = y.reshape(
                xs.get(0), s, s, cout, y.getShape().get(2), y.getShape().get(3));
        NDList rows = new NDList(s);
        for (int a = 0; a < s; a++) {
            NDList cols = new NDList(s);
            long top = padTop - rowPhases[a].before;
            for (int c = 0; c < s; c++) {
                long left = padLeft - colPhases[c].before;
                cols.add(blocks.get(":, " + rowPhases[a].rho + ", " + colPhases[c].rho + ", :, "
                        + top + ":" + (top + phaseH) + ", " + left + ":" + (left + phaseW)));
            }
            rows.add(NDArrays.stack(cols, 4));
        }
        return NDArrays.stack(rows, 3).reshape(xs.get(0), cout, phaseH * s, phaseW * s);
    }

    /** The largest padding any phase needs before ({@code before = true}) or after the input. */
    private static long max(Phase[] phases, boolean before) {
        long most = Long.MIN_VALUE;
        for (Phase ph : phases) {
            most = Math.max(most, before ? ph.before : ph.after);
        }
        return most;
    }

    /**
     * One output phase along one axis: outputs {@code o = a, a + s, ...} use kernel taps
     * {@code rho, rho + s, ...} ({@code taps} of them) over input rows starting at
     * {@code -before}; {@code before} / {@code after} pad (or, when negative, crop) the input.
     */
    private static final class Phase {
        final int rho;
        final long before;
        final long after;

        Phase(int a, int k, int s, int p, long inputSide, long outputs) {
            int q = a + p;
            rho = q % s;
            int taps = (k - rho + s - 1) / s;
            long start = q / s - taps + 1;
            before = -start;
            after = start + outputs + taps - 1 - inputSide;
        }
    }

    /**
     * The textbook route: zeros inserted between the input's pixels, then a plain convolution with the
     * flipped kernel. {@link #apply} keeps it for shapes the phase split does not cover (output side
     * not a multiple of s); public so that the bench's {@code LayerBench} can time the two routes
     * side by side.
     */
    public static NDArray zeroInsertion(NDArray x, NDArray w, NDArray b, int s, int p) {
        Shape xs = x.getShape();
        int k = (int) w.getShape().get(2);
        long n = xs.get(0);
        long c = xs.get(1);
        long h = xs.get(2);
        long wd = xs.get(3);
        NDArray spread = x.reshape(n, c, h, 1, wd, 1)
                .pad(new Shape(0, s - 1, 0, 0, 0, s - 1), 0)
                .reshape(n, c, h * s, wd * s);
        int pad = k - 1 - p;
        NDArray padded = spread.pad(new Shape(pad, pad - (s - 1), pad, pad - (s - 1)), 0);
        return conv(padded, Layers.inScopeOf(x, w.flip(2, 3)).transpose(1, 0, 2, 3), b);
    }

    private static NDArray conv(NDArray x, NDArray w, NDArray b) {
        return Convolutions.conv2d(x, w, b, new Shape(1, 1), new Shape(0, 0));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        return new Shape[] {
            new Shape(
                    s.get(0),
                    outChannels,
                    outputSide(s.get(2), kernel, stride, padding),
                    outputSide(s.get(3), kernel, stride, padding))
        };
    }

    @Override
    public String toString() {
        return "ConvTranspose2d(out " + outChannels + ", k " + kernel + ", stride " + stride
                + ", padding " + padding + (bias == null ? ", no bias" : "") + ")";
    }
}
