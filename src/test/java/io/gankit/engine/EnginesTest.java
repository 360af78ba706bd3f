package io.gankit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class EnginesTest {
    /**
     * The shapes of issue 11 (batch, in, side, out, kernel, stride, padding): 3x3 convolutions with
     * few output channels, where oneDNN 3.7's backward-data kernels returned run-to-run different
     * and NaN input gradients on an AMD EPYC with AVX-512, and the seed CIFAR generator's last layer.
     */
    static final int[][] ISSUE_SHAPES = {
        {2, 3, 8, 3, 3, 1, 1},
        {2, 16, 8, 3, 3, 1, 1},
        {8, 1, 28, 8, 3, 1, 1},
        {8, 8, 14, 8, 3, 1, 1},
        {8, 32, 14, 8, 3, 1, 1},
        {8, 16, 14, 15, 3, 1, 1},
        {4, 64, 32, 3, 3, 1, 1},
        {8, 3, 32, 64, 4, 2, 1},
    };

    private static SelfCheck.Finding convolution(
            NDManager m, int[] c, ConvRoute route, int repeats) {
        Shape stride = new Shape(c[5], c[5]);
        Shape padding = new Shape(c[6], c[6]);
        return SelfCheck.probe(
                m,
                "conv " + c[1] + "->" + c[3],
                List.of(new Shape(c[0], c[1], c[2], c[2]), new Shape(c[3], c[1], c[4], c[4])),
                in -> route == null
                        ? Convolutions.conv2d(in.get(0), in.get(1), null, stride, padding)
                        : Convolutions.conv2d(in.get(0), in.get(1), null, stride, padding, route),
                repeats);
    }

    @Test
    void kitConvolutionGradientsEqualFloat64AtFewOutputChannelsTenTimesOver() {
        // Failed before the fix on the AMD EPYC (AVX-512): input gradients wrong by O(1) or NaN.
        try (NDManager m = NDManager.newBaseManager()) {
            for (int[] c : ISSUE_SHAPES) {
                SelfCheck.Finding f = convolution(m, c, null, 10);
                assertTrue(f.ok(), "route " + Engines.ensure().route() + ": " + f.line());
            }
        }
    }

    @Test
    void aFaultOfTheEnginesOwnConvolutionIsCaughtByTheStartUpCheck() {
        // Whatever this CPU does: if the engine's own route is wrong at the issue's shapes, the
        // check
        // that ran when the engine started must have seen it and moved off that route.
        EngineStatus status = Engines.ensure();
        boolean directWrong = false;
        try (NDManager m = NDManager.newBaseManager()) {
            for (int[] c : ISSUE_SHAPES) {
                if (!convolution(m, c, ConvRoute.DIRECT, 10).ok()) {
                    directWrong = true;
                }
            }
        }
        if (directWrong && status.route() != ConvRoute.NO_ONEDNN) {
            assertFalse(
                    status.firstCheck().ok(),
                    "the direct route is wrong here, yet the start-up check passed it");
            assertNotEquals(ConvRoute.DIRECT, status.route());
        }
        assertTrue(
                status.finalCheck().ok(),
                "the route in force passed its check: " + status.finalCheck());
    }

    @Test
    void paddedChannelsComputeTheSameConvolutionAndGradients() {
        // In float64, where the engine is exact enough, padding filters then cutting them off is
        // the same function.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(2, 5, 9, 7), DataType.FLOAT64);
            NDArray w = m.randomNormal(new Shape(3, 5, 3, 3), DataType.FLOAT64);
            NDArray b = m.randomNormal(new Shape(3), DataType.FLOAT64);
            Map<ConvRoute, List<double[]>> results = new EnumMap<>(ConvRoute.class);
            for (ConvRoute route : List.of(ConvRoute.DIRECT, ConvRoute.PADDED_CHANNELS)) {
                NDArray xi = x.duplicate();
                NDArray wi = w.duplicate();
                NDArray bi = b.duplicate();
                List<double[]> out = new ArrayList<>();
                for (NDArray a : List.of(xi, wi, bi)) {
                    a.setRequiresGradient(true);
                }
                try (var gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y = Convolutions.conv2d(
                            xi, wi, bi, new Shape(2, 1), new Shape(1, 0), route);
                    assertEquals(new Shape(2, 3, 5, 5), y.getShape());
                    out.add(y.toDoubleArray());
                    gc.backward(y.mul(y).sum());
                }
                for (NDArray a : List.of(xi, wi, bi)) {
                    out.add(a.getGradient().toDoubleArray());
                }
                results.put(route, out);
            }
            for (int i = 0; i < 4; i++) {
                double[] direct = results.get(ConvRoute.DIRECT).get(i);
                double[] padded = results.get(ConvRoute.PADDED_CHANNELS).get(i);
                assertEquals(direct.length, padded.length);
                for (int j = 0; j < direct.length; j++) {
                    assertEquals(
                            direct[j],
                            padded[j],
                            1e-9 * (1 + Math.abs(direct[j])),
                            "array " + i + " at " + j);
                }
            }
        }
    }

    @Test
    void theProbeFlagsAWrongAndANonRepeatableFloat32Computation() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<Shape> shapes = List.of(new Shape(4, 6));
            Function<NDList, NDArray> right = in -> Scalars.times(in.get(0), 3).tanh();
            Function<NDList, NDArray> wrong = in -> in.get(0).getDataType() == DataType.FLOAT32
                    ? Scalars.times(in.get(0), 3.1f).tanh()
                    : Scalars.times(in.get(0), 3).tanh();
            AtomicBoolean flip = new AtomicBoolean();
            Function<NDList, NDArray> flaky =
                    in -> in.get(0).getDataType() == DataType.FLOAT32 && flip.getAndSet(!flip.get())
                            ? Scalars.times(in.get(0), Float.NaN)
                            : Scalars.times(in.get(0), 3).tanh();
            assertTrue(SelfCheck.probe(m, "right", shapes, right, 3).ok());
            SelfCheck.Finding w = SelfCheck.probe(m, "wrong", shapes, wrong, 3);
            assertEquals(3, w.badRuns(), w.line());
            SelfCheck.Finding f = SelfCheck.probe(m, "flaky", shapes, flaky, 4);
            assertEquals(2, f.badRuns(), f.line());
            assertEquals(Double.POSITIVE_INFINITY, f.worstError());
        }
    }

    private static SelfCheck.Report report(ConvRoute route, boolean convOk, boolean linearOk) {
        return new SelfCheck.Report(
                route,
                List.of(
                        new SelfCheck.Finding("conv 16->3", 2, convOk ? 0 : 2, convOk ? 1e-6 : 3.0),
                        new SelfCheck.Finding(
                                "linear 20->7", 2, linearOk ? 0 : 1, linearOk ? 1e-7 : 0.5)),
                0.01);
    }

    @Test
    void routesAreTriedInOrderUntilTheCheckPasses() {
        List<SelfCheck.Report> checks = new ArrayList<>();
        AtomicBoolean disabled = new AtomicBoolean();
        ConvRoute chosen = Engines.choose(
                null,
                r -> report(r, r == ConvRoute.NO_ONEDNN, true),
                () -> disabled.set(true),
                checks);
        assertEquals(ConvRoute.NO_ONEDNN, chosen);
        assertEquals(
                List.of(ConvRoute.DIRECT, ConvRoute.PADDED_CHANNELS, ConvRoute.NO_ONEDNN),
                checks.stream().map(SelfCheck.Report::route).toList());
        assertTrue(disabled.get());

        checks.clear();
        disabled.set(false);
        assertEquals(
                ConvRoute.PADDED_CHANNELS,
                Engines.choose(
                        null,
                        r -> report(r, r != ConvRoute.DIRECT, true),
                        () -> disabled.set(true),
                        checks));
        assertFalse(disabled.get(), "oneDNN stays on when padding mends the fault");

        checks.clear();
        assertEquals(
                ConvRoute.DIRECT,
                Engines.choose(null, r -> report(r, true, true), () -> {}, checks));
        assertEquals(1, checks.size());
    }

    @Test
    void aFaultNoRouteMendsStopsWithAMessageThatSaysWhatToSet() {
        List<SelfCheck.Report> checks = new ArrayList<>();
        EngineFaultException e = assertThrows(
                EngineFaultException.class,
                () -> Engines.choose(null, r -> report(r, true, false), () -> {}, checks));
        assertEquals(1, checks.size(), "a linear fault is not a convolution route's to mend");
        assertTrue(e.getMessage().contains("linear 20->7"), e.getMessage());
        assertTrue(e.getMessage().contains("ONEDNN_MAX_CPU_ISA"), e.getMessage());

        checks.clear();
        assertThrows(
                EngineFaultException.class,
                () -> Engines.choose(
                        ConvRoute.DIRECT, r -> report(r, false, true), () -> {}, checks));
        assertEquals(1, checks.size(), "a forced route is the only one tried");
    }

    @Test
    void theStatusSaysNothingWhenTheEngineWasRightAndOneLineWhenItWasNot() {
        Cpu cpu = new Cpu("Test CPU", 2, Set.of("avx2"));
        EngineStatus fine = new EngineStatus(
                cpu,
                "PyTorch 2.7.1",
                2,
                1,
                ConvRoute.DIRECT,
                List.of(report(ConvRoute.DIRECT, true, true)));
        assertEquals("", fine.workaroundLine());
        EngineStatus mended = new EngineStatus(
                cpu,
                "PyTorch 2.7.1",
                2,
                1,
                ConvRoute.PADDED_CHANNELS,
                List.of(
                        report(ConvRoute.DIRECT, false, true),
                        report(ConvRoute.PADDED_CHANNELS, true, true)));
        String line = mended.workaroundLine();
        assertFalse(line.contains("\n"));
        assertTrue(
                line.contains("Test CPU") && line.contains("conv 16->3") && line.contains("padded"),
                line);
    }

    @Test
    void cpuFlagsAreReadFromCpuinfo() {
        Cpu cpu = Cpu.parse(
                "processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu sse4_2 avx avx2 avx512f avx512_bf16 sha_ni\n",
                2);
        assertEquals("AMD EPYC", cpu.model());
        assertEquals(
                List.of("sse4_2", "avx", "avx2", "avx512f", "avx512_bf16"),
                List.copyOf(cpu.vectorSets()));
        assertTrue(cpu.avx512());
        assertFalse(Cpu.parse("", 1).avx512());
    }

    @Test
    void theEngineRunsOneInterOpThread() {
        assertEquals(1, Engines.ensure().interopThreads());
    }
}
