package io.gankit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.gankit.BadInputException;
import io.gankit.engine.Convolutions;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LayersTest {
    @Test
    void upsampleRepeatsEachPixelIntoATwoByTwoBlock() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 1, 2, 3));
            NDArray y = forward(new Upsample2x(), m, x);
            assertEquals(new Shape(1, 1, 4, 6), y.getShape());
            assertArrayEquals(
                    new float[] {
                        1, 1, 2, 2, 3, 3,
                        1, 1, 2, 2, 3, 3,
                        4, 4, 5, 5, 6, 6,
                        4, 4, 5, 5, 6, 6
                    },
                    y.toFloatArray());
            assertEquals(
                    new Shape(5, 3, 16, 14),
                    new Upsample2x().getOutputShapes(new Shape[] {new Shape(5, 3, 8, 7)})[0]);
        }
    }

    @Test
    void upsampleEqualsLibtorchNearestInterpolationOnRandomData() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = Gan.normal(m, new Shape(3, 4, 5, 6), new SplittableRandom(1));
            NDArray reference = x.getNDArrayInternal().interpolation(new long[] {10, 12}, 0, false);
            assertEquals(reference.getShape(), Upsample2x.apply(x).getShape());
            assertArrayEquals(reference.toFloatArray(), Upsample2x.apply(x).toFloatArray());
        }
    }

    @Test
    void upsampleGradientSumsEachTwoByTwoBlock() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            x.setRequiresGradient(true);
            // Weights 0..15 over the 4x4 output: the gradient at input (i, j) is the sum of its
            // block.
            NDArray weights = m.arange(16f).reshape(1, 1, 4, 4);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(Upsample2x.apply(x).mul(weights).sum());
            }
            assertArrayEquals(
                    new float[] {0 + 1 + 4 + 5, 2 + 3 + 6 + 7, 8 + 9 + 12 + 13, 10 + 11 + 14 + 15},
                    x.getGradient().toFloatArray());
        }
    }

    @Test
    void zeroPadAddsColumnsRightAndRowsBelowAsKerasSamePadding() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            ZeroPad2d pad = new ZeroPad2d(0, 1, 0, 1);
            NDArray y = forward(pad, m, x);
            assertEquals(new Shape(1, 1, 3, 3), y.getShape());
            assertArrayEquals(new float[] {1, 2, 0, 3, 4, 0, 0, 0, 0}, y.toFloatArray());
            NDArray z = new ZeroPad2d(2, 0, 1, 0).apply(x);
            assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4}, z.toFloatArray());
            assertEquals(
                    new Shape(2, 64, 9, 9),
                    pad.getOutputShapes(new Shape[] {new Shape(2, 64, 8, 8)})[0]);
            assertThrows(BadInputException.class, () -> new ZeroPad2d(-1, 0, 0, 0));
        }
    }

    @Test
    void zeroPadPassesGradientsToTheInputOnly() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            x.setRequiresGradient(true);
            NDArray weights = m.arange(9f).reshape(1, 1, 3, 3);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(new ZeroPad2d(0, 1, 0, 1).apply(x).mul(weights).sum());
            }
            assertArrayEquals(new float[] {0, 1, 3, 4}, x.getGradient().toFloatArray());
        }
    }

    @Test
    void transposedConvolutionMatchesItsDefinitionForEveryRoute() {
        // {kernel, stride, padding}: stride 1; the phase split (s = 2, 3); and the zero-insertion
        // fallback (output side not a multiple of the stride).
        int[][] cases = {
            {4, 2, 1}, {4, 1, 0}, {7, 1, 0}, {3, 1, 1}, {4, 2, 0}, {2, 2, 0}, {6, 3, 0}, {5, 3, 1},
            {3, 2, 1}, {3, 2, 0}, {5, 2, 2}
        };
        try (NDManager m = NDManager.newBaseManager()) {
            SplittableRandom random = new SplittableRandom(7);
            for (int[] c : cases) {
                int k = c[0];
                int s = c[1];
                int p = c[2];
                NDArray x = Gan.normal(m, new Shape(2, 3, 4, 5), random);
                NDArray w = Gan.normal(m, new Shape(3, 2, k, k), random);
                NDArray b = m.create(new float[] {0.5f, -1f});
                x.setRequiresGradient(true);
                w.setRequiresGradient(true);
                NDArray y;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    y = ConvTranspose2d.apply(x, w, b, s, p);
                    gc.backward(y.sum());
                }
                String what = "k" + k + " s" + s + " p" + p;
                float[][] expected = naive(
                        x.toFloatArray(),
                        w.toFloatArray(),
                        b.toFloatArray(),
                        2,
                        3,
                        4,
                        5,
                        2,
                        k,
                        s,
                        p);
                long oh = ConvTranspose2d.outputSide(4, k, s, p);
                long ow = ConvTranspose2d.outputSide(5, k, s, p);
                assertEquals(new Shape(2, 2, oh, ow), y.getShape(), what);
                assertArrayEquals(expected[0], y.toFloatArray(), 1e-4f, what);
                assertArrayEquals(
                        expected[1],
                        w.getGradient().toFloatArray(),
                        1e-3f,
                        what + " weight gradient");
            }
        }
    }

    @Test
    void fusedUpsampleConvolutionEqualsUpsampleThenConvolutionWithTheSameGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            SplittableRandom random = new SplittableRandom(5);
            for (long[] shape : new long[][] {{2, 3, 4, 5}, {1, 2, 1, 1}, {3, 4, 7, 6}}) {
                NDArray[] fused = fusedAndReference(m, new Shape(shape), random);
                for (int i = 0; i < 4; i++) {
                    String what = Arrays.toString(shape) + " "
                            + new String[] {
                                        "output",
                                        "input gradient",
                                        "weight gradient",
                                        "bias gradient"
                                    }
                                    [i];
                    assertEquals(fused[i + 4].getShape(), fused[i].getShape(), what);
                    assertArrayEquals(
                            fused[i + 4].toFloatArray(), fused[i].toFloatArray(), 1e-4f, what);
                }
            }
            UpsampleConv2d block = new UpsampleConv2d(6);
            block.initialize(m, DataType.FLOAT32, new Shape(2, 4, 8, 8));
            assertEquals(
                    new Shape(6, 4, 3, 3),
                    block.getParameters().get("weight").getArray().getShape());
            assertEquals(
                    new Shape(2, 6, 16, 16),
                    forward(block, m, m.zeros(new Shape(2, 4, 8, 8))).getShape());
        }
    }

    /** Output and x, w, b gradients of the fused block, then of Upsample2x + conv 3x3 pad 1. */
    private static NDArray[] fusedAndReference(NDManager m, Shape shape, SplittableRandom random) {
        NDArray x0 = Gan.normal(m, shape, random);
        NDArray w0 = Gan.normal(m, new Shape(3, shape.get(1), 3, 3), random);
        NDArray b0 = Gan.normal(m, new Shape(3), random);
        NDArray[] result = new NDArray[8];
        for (int route = 0; route < 2; route++) {
            // Fresh leaves per route: gradients accumulate across backward passes.
            NDArray x = x0.duplicate();
            NDArray w = w0.duplicate();
            NDArray b = b0.duplicate();
            for (NDArray a : new NDArray[] {x, w, b}) {
                a.setRequiresGradient(true);
            }
            // A weighting of the output makes every gradient depend on where each value went.
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = route == 0
                        ? UpsampleConv2d.apply(x, w, b)
                        // the kit's convolution: DJL's direct one is wrong at 3 output channels on
                        // some CPUs
                        : Convolutions.conv2d(
                                Upsample2x.apply(x), w, b, new Shape(1, 1), new Shape(1, 1));
                NDArray weights = m.arange((float) y.size())
                        .reshape(y.getShape())
                        .mul(0.01f)
                        .sin();
                gc.backward(y.mul(weights).sum());
                result[route * 4] = y.stopGradient();
            }
            result[route * 4 + 1] = x.getGradient().duplicate();
            result[route * 4 + 2] = w.getGradient().duplicate();
            result[route * 4 + 3] = b.getGradient().duplicate();
        }
        return result;
    }

    @Test
    void transposedConvolutionBlockHasPyTorchsWeightLayout() {
        try (NDManager m = NDManager.newBaseManager()) {
            ConvTranspose2d block = new ConvTranspose2d(64, 4, 2, 1, true);
            block.initialize(m, DataType.FLOAT32, new Shape(2, 128, 8, 8));
            assertEquals(
                    new Shape(128, 64, 4, 4),
                    block.getParameters().get("weight").getArray().getShape());
            assertEquals(
                    new Shape(64), block.getParameters().get("bias").getArray().getShape());
            assertEquals(
                    new Shape(2, 64, 16, 16),
                    block.getOutputShapes(new Shape[] {new Shape(2, 128, 8, 8)})[0]);
            assertEquals(
                    new Shape(2, 64, 16, 16),
                    forward(block, m, m.zeros(new Shape(2, 128, 8, 8))).getShape());
        }
    }

    /**
     * out[b, o, i*s - p + u, j*s - p + v] += x[b, c, i, j] * w[c, o, u, v] (PyTorch's definition),
     * and the gradient of sum(out) for each weight: the sum of the inputs it touched.
     */
    static float[][] naive(
            float[] x,
            float[] w,
            float[] bias,
            int n,
            int cin,
            int h,
            int wd,
            int cout,
            int k,
            int s,
            int p) {
        int oh = (h - 1) * s - 2 * p + k;
        int ow = (wd - 1) * s - 2 * p + k;
        float[] out = new float[n * cout * oh * ow];
        float[] grad = new float[cin * cout * k * k];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < cout; o++) {
                for (int i = 0; i < oh * ow; i++) {
                    out[(b * cout + o) * oh * ow + i] = bias[o];
                }
            }
            for (int c = 0; c < cin; c++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < wd; j++) {
                        float xv = x[((b * cin + c) * h + i) * wd + j];
                        for (int o = 0; o < cout; o++) {
                            for (int u = 0; u < k; u++) {
                                for (int v = 0; v < k; v++) {
                                    int r = i * s - p + u;
                                    int q = j * s - p + v;
                                    if (r < 0 || r >= oh || q < 0 || q >= ow) {
                                        continue;
                                    }
                                    int wi = ((c * cout + o) * k + u) * k + v;
                                    out[((b * cout + o) * oh + r) * ow + q] += xv * w[wi];
                                    grad[wi] += xv;
                                }
                            }
                        }
                    }
                }
            }
        }
        return new float[][] {out, grad};
    }

    static NDArray forward(Block block, NDManager m, NDArray x) {
        if (!block.isInitialized()) {
            block.initialize(m, DataType.FLOAT32, x.getShape());
        }
        return block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
    }
}
