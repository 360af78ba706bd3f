package io.gankit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.gankit.BadInputException;
import io.gankit.engine.Convolutions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * StyleGAN's layers: values by their definitions, gradients by central finite differences in
 * float64 (every input and parameter, along a random direction), float32 against float64 for the
 * synthesis network, and the style arithmetic (mixing, truncation, the weight average).
 */
class StyleGanTest {
    /** Relative error allowed between a float64 directional derivative and its finite difference. */
    static final double FD_TOLERANCE = 1e-6;

    @Test
    void theModulatedConvolutionEqualsAPerSampleKernelModulatedAndDemodulated() {
        try (NDManager m = NDManager.newBaseManager()) {
            ModulatedConv conv = new ModulatedConv(5, 4, 3, true);
            conv.initialize(m, DataType.FLOAT64, new Shape(3, 5, 6, 6), new Shape(3, 5));
            conv.draw(new SplittableRandom(1));
            NDArray x = Gan.normal(m, new Shape(3, 5, 6, 6), new SplittableRandom(2))
                    .toType(DataType.FLOAT64, false);
            NDArray s = Gan.normal(m, new Shape(3, 5), new SplittableRandom(3))
                    .toType(DataType.FLOAT64, false)
                    .add(1);
            NDArray y = conv.forward(new ParameterStore(m, false), new NDList(x, s), false)
                    .singletonOrThrow();
            NDArray w = conv.getParameters().get(0).getValue().getArray().div(Math.sqrt(5 * 9));
            for (int n = 0; n < 3; n++) {
                // the paper's form: this sample's kernel, scaled by its style and normalised
                NDArray k = w.mul(s.get(n).reshape(1, 5, 1, 1));
                NDArray norm =
                        k.square().sum(new int[] {1, 2, 3}, true).add(1e-8).sqrt();
                NDArray expected = Convolutions.conv2d(
                        x.get(n + ":" + (n + 1)),
                        k.div(norm),
                        null,
                        new Shape(1, 1),
                        new Shape(1, 1));
                assertArrayEquals(
                        expected.toDoubleArray(),
                        y.get(n + ":" + (n + 1)).toDoubleArray(),
                        1e-12,
                        "sample " + n);
                // the coefficients the layer divides by, as ModulatedConv.demodulation gives them
                assertArrayEquals(
                        norm.pow(-1).toDoubleArray(),
                        ModulatedConv.demodulation(w, s.get(n + ":" + (n + 1))).toDoubleArray(),
                        1e-12);
                // demodulated: each output channel of a unit-variance input has a unit-norm kernel
                assertArrayEquals(
                        new double[] {1, 1, 1, 1},
                        k.div(norm).square().sum(new int[] {1, 2, 3}).toDoubleArray(),
                        1e-6);
            }
        }
    }

    @Test
    void equalisedLinearAndNoiseValuesByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            EqualLinear l = new EqualLinear(4, 2, 0.01f, 1f);
            l.initialize(m, DataType.FLOAT32, new Shape(1, 4));
            l.draw(new SplittableRandom(7));
            float[] w = l.getParameters().get(0).getValue().getArray().toFloatArray();
            float[] b = l.getParameters().get(1).getValue().getArray().toFloatArray();
            assertArrayEquals(new float[] {1, 1}, b);
            // stored as normals / 0.01: the multiplier brings them back to unit scale
            double sd = Math.sqrt(Arrays.stream(toDoubles(w)).map(v -> v * v).sum() / 8);
            assertTrue(sd > 20 && sd < 400, "stored sd " + sd);
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 4));
            float[] y = l.forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow()
                    .toFloatArray();
            for (int o = 0; o < 2; o++) {
                double sum = 0;
                for (int i = 0; i < 4; i++) {
                    sum += w[o * 4 + i] * (i + 1);
                }
                assertEquals(sum * 0.01 / 2 + 0.01, y[o], 1e-5, "output " + o);
            }
            NoiseInjection noise = new NoiseInjection(2);
            noise.initialize(m, DataType.FLOAT32, new Shape(1, 2, 2, 2), new Shape(1, 1, 2, 2));
            noise.getParameters().get(0).getValue().getArray().set(new float[] {0.5f, -2f});
            NDArray images = m.ones(new Shape(1, 2, 2, 2));
            NDArray plane = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            assertArrayEquals(
                    new float[] {1.5f, 2f, 2.5f, 3f, -1f, -3f, -5f, -7f},
                    noise.forward(new ParameterStore(m, false), new NDList(images, plane), false)
                            .singletonOrThrow()
                            .toFloatArray());
            BadInputException wrong = assertThrows(
                    BadInputException.class,
                    () -> noise.forward(
                            new ParameterStore(m, false),
                            new NDList(images, m.ones(new Shape(1, 2, 2, 2))),
                            false));
            assertTrue(
                    wrong.getMessage().contains("expected noise (1, 1, 2, 2)"), wrong.getMessage());
        }
    }

    @Test
    void modulatedConvolutionGradientsMatchFiniteDifferences() {
        for (boolean demodulate : new boolean[] {true, false}) {
            ModulatedConv conv = new ModulatedConv(3, 4, demodulate ? 3 : 1, demodulate);
            checkGradients(
                    "ModulatedConv demodulate=" + demodulate,
                    conv,
                    b -> ((ModulatedConv) b).draw(new SplittableRandom(4)),
                    new Shape(2, 3, 5, 5),
                    new Shape(2, 3));
        }
    }

    @Test
    void noiseInjectionAndEqualisedLinearGradientsMatchFiniteDifferences() {
        NoiseInjection noise = new NoiseInjection(3);
        checkGradients(
                "NoiseInjection",
                noise,
                b -> b.getParameters().get(0).getValue().getArray().set(new double[] {0.3, -0.7, 1.1
                }),
                new Shape(2, 3, 4, 4),
                new Shape(2, 1, 4, 4));
        checkGradients(
                "EqualLinear",
                new EqualLinear(5, 3, 0.01f, 0.5f),
                b -> ((EqualLinear) b).draw(new SplittableRandom(9)),
                new Shape(4, 5));
    }

    @Test
    void theSynthesisNetworkGradientsMatchFiniteDifferences() {
        StyleGan.Synthesis s = new StyleGan.Synthesis(3, 8, 6, 8);
        Shape[] in = s.inputShapes(2);
        checkGradients("Synthesis 8x8", s, b -> StyleGan.draw(b, new SplittableRandom(3)), in);
    }

    /**
     * For {@code block} in float64, the derivative of {@code sum(block(inputs) * k)} along a
     * random direction of each input and each parameter, against its central finite difference.
     */
    static void checkGradients(String name, Block block, Consumer<Block> draw, Shape... shapes) {
        try (NDManager m = NDManager.newBaseManager()) {
            block.initialize(m, DataType.FLOAT64, shapes);
            draw.accept(block);
            SplittableRandom random = new SplittableRandom(17);
            List<NDArray> inputs = new ArrayList<>();
            for (Shape shape : shapes) {
                inputs.add(Gan.normal(m, shape, random).toType(DataType.FLOAT64, false));
            }
            List<NDArray> targets = new ArrayList<>(inputs);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                names.add("input " + i);
            }
            for (Pair<String, Parameter> p : block.getParameters()) {
                targets.add(p.getValue().getArray());
                names.add(p.getKey());
            }
            Shape outShape = block.getOutputShapes(shapes)[0];
            NDArray k = Gan.normal(m, outShape, random).toType(DataType.FLOAT64, false);
            Function<List<NDArray>, NDArray> objective =
                    xs -> block.forward(new ParameterStore(m, false), new NDList(xs), true)
                            .singletonOrThrow()
                            .mul(k)
                            .sum();
            for (NDArray x : inputs) {
                x.setRequiresGradient(true);
            }
            List<double[]> grads = new ArrayList<>();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(objective.apply(inputs));
            }
            for (NDArray t : targets) {
                grads.add(t.getGradient().toDoubleArray());
            }
            for (int t = 0; t < targets.size(); t++) {
                NDArray target = targets.get(t);
                double[] v = toDoubles(Gan.normal(m, target.getShape(), random).toFloatArray());
                double analytic = 0;
                for (int i = 0; i < v.length; i++) {
                    analytic += grads.get(t)[i] * v[i];
                }
                double h = 1e-6;
                double[] base = target.toDoubleArray();
                double[] plus = base.clone();
                double[] minus = base.clone();
                for (int i = 0; i < v.length; i++) {
                    plus[i] += h * v[i];
                    minus[i] -= h * v[i];
                }
                List<NDArray> detached = new ArrayList<>();
                for (NDArray x : inputs) {
                    detached.add(x.stopGradient());
                }
                double fPlus = valueWith(objective, detached, targets, t, plus, inputs.size());
                double fMinus = valueWith(objective, detached, targets, t, minus, inputs.size());
                target.set(base);
                double numeric = (fPlus - fMinus) / (2 * h);
                double error = Math.abs(numeric - analytic) / Math.max(1e-3, Math.abs(analytic));
                assertTrue(
                        error < FD_TOLERANCE,
                        name + ", " + names.get(t) + ": autograd " + analytic
                                + ", finite difference " + numeric + " (relative error " + error
                                + ")");
            }
        }
    }

    private static double valueWith(
            Function<List<NDArray>, NDArray> objective,
            List<NDArray> inputs,
            List<NDArray> targets,
            int t,
            double[] values,
            int inputCount) {
        List<NDArray> xs = new ArrayList<>(inputs);
        if (t < inputCount) {
            xs.set(t, inputs.get(t).getManager().create(values, inputs.get(t).getShape()));
        } else {
            targets.get(t).set(values);
        }
        return objective.apply(xs).getDouble();
    }

    @Test
    void mixingTakesTheFirstStyleBeforeTheCutAndTruncationPullsToTheMean() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 1, 2, 2}, new Shape(2, 2));
            NDArray b = m.create(new float[] {-1, -1, -2, -2}, new Shape(2, 2));
            NDArray ws = StyleGan.mix(a, b, new int[] {1, 4}, 3);
            assertEquals(new Shape(2, 3, 2), ws.getShape());
            assertArrayEquals(
                    new float[] {1, 1, -1, -1, -1, -1, 2, 2, 2, 2, 2, 2}, ws.toFloatArray());
            NDArray mean = m.create(new float[] {10, 20}, new Shape(1, 2));
            NDArray w = m.create(new float[] {0, 0, 4, 8}, new Shape(2, 2));
            assertArrayEquals(
                    new float[] {10, 20, 10, 20}, StyleGan.truncate(w, mean, 0).toFloatArray());
            assertArrayEquals(w.toFloatArray(), StyleGan.truncate(w, mean, 1).toFloatArray());
            assertArrayEquals(
                    new float[] {5, 10, 7, 14}, StyleGan.truncate(w, mean, 0.5).toFloatArray());
            assertEquals(8, StyleGan.styleCount(32));
            assertEquals(7, StyleGan.noiseCount(32));
            assertArrayEquals(
                    new int[] {4, 8, 8, 16, 16, 32, 32},
                    IntStream.range(0, 7).map(StyleGan::noiseSide).toArray());
            BadInputException side =
                    assertThrows(BadInputException.class, () -> StyleGan.styleCount(28));
            assertTrue(side.getMessage().contains("28x28"), side.getMessage());
        }
    }

    @Test
    void theSynthesisNetworkDrawsImagesOfItsSideAndItsFloat32GradientsMatchFloat64() {
        try (NDManager m = NDManager.newBaseManager()) {
            StyleGan.Synthesis s32 = new StyleGan.Synthesis(3, 16, 8, 16);
            s32.initialize(m, DataType.FLOAT32, s32.inputShapes(3));
            StyleGan.draw(s32, new SplittableRandom(2));
            assertEquals(6, s32.styles());
            StyleGan.Synthesis s64 = (StyleGan.Synthesis) GradientCheckTest.float64Copy(
                    s32, new StyleGan.Synthesis(3, 16, 8, 16), m, s32.inputShapes(3));
            NDList inputs = new NDList();
            SplittableRandom random = new SplittableRandom(3);
            for (Shape shape : s32.inputShapes(3)) {
                inputs.add(Gan.normal(m, shape, random).toType(DataType.FLOAT64, false));
            }
            NDList floats = new NDList();
            for (NDArray x : inputs) {
                floats.add(x.toType(DataType.FLOAT32, false));
            }
            assertEquals(
                    new Shape(3, 3, 16, 16),
                    s32.forward(new ParameterStore(m, false), floats, false)
                            .head()
                            .getShape());
            GradientCheckTest.compare("Synthesis 16x16", s32, s64, inputs, true);
        }
    }

    @Test
    void theWeightAverageMovesByTheFormulaAndRefusesAnotherArchitecture() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block g = new EqualLinear(3, 2, 1f, 0f);
            Block avg = new EqualLinear(3, 2, 1f, 0f);
            g.initialize(m, DataType.FLOAT32, new Shape(1, 3));
            avg.initialize(m, DataType.FLOAT32, new Shape(1, 3));
            ((EqualLinear) g).draw(new SplittableRandom(1));
            WeightAverage.copy(g, avg);
            float[] start = avg.getParameters().get(0).getValue().getArray().toFloatArray();
            assertArrayEquals(g.getParameters().get(0).getValue().getArray().toFloatArray(), start);
            g.getParameters().get(0).getValue().getArray().set(new float[] {1, 2, 3, 4, 5, 6});
            WeightAverage.update(avg, g, 0.75f);
            float[] moved = avg.getParameters().get(0).getValue().getArray().toFloatArray();
            for (int i = 0; i < 6; i++) {
                assertEquals(0.75f * start[i] + 0.25f * (i + 1), moved[i], 1e-6f, "weight " + i);
            }
            Block other = new EqualLinear(4, 2, 1f, 0f);
            other.initialize(m, DataType.FLOAT32, new Shape(1, 4));
            BadInputException e = assertThrows(
                    BadInputException.class, () -> WeightAverage.update(avg, other, 0.5f));
            assertTrue(e.getMessage().contains("same architecture"), e.getMessage());
            assertThrows(BadInputException.class, () -> WeightAverage.update(avg, g, 1.5f));
        }
    }

    private static double[] toDoubles(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
