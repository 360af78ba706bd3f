package io.gankit.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The engine's self-check: the float32 outputs and gradients of a few convolutions, a linear layer
 * and a batch norm, computed twice and each time compared with the same computation in float64.
 * A run that differs (non-repeatable or wrong values, NaN) is a fault of the engine on this CPU,
 * never of the model. The convolution shapes are those where oneDNN 3.7's backward-data kernels
 * went wrong on an AMD EPYC with AVX-512 (output channels 1, 3, 4, 8, 15; input channels 20 and
 * 100: not a multiple of the 16- or 8-channel block), beside blocked counts that were right.
 * Takes about a quarter of a second; must run when no other {@link GradientCollector} is open.
 */
public final class SelfCheck {
    /** Largest accepted difference from float64, relative to {@code 1 + |float64 value|}. */
    public static final double TOLERANCE = 1e-3;
    /** float32 runs per probe (the float64 reference runs once). */
    public static final int DEFAULT_REPEATS = 2;

    /** Convolution probes: batch, in channels, side, out channels, kernel, stride, padding. */
    static final int[][] CONV_CASES = {
        {16, 16, 12, 3, 3, 1, 1},
        {16, 16, 12, 15, 3, 1, 1},
        {16, 1, 14, 8, 3, 1, 1},
        {16, 64, 8, 1, 4, 1, 0},
        {16, 3, 16, 16, 4, 2, 1},
        {8, 20, 8, 32, 3, 1, 1},
        {8, 12, 8, 16, 3, 1, 1},
    };

    private SelfCheck() {}

    /** One probe's outcome: how many of its float32 runs differed from float64, and by how much at worst. */
    public record Finding(String probe, int runs, int badRuns, double worstError) {
        public boolean ok() {
            return badRuns == 0;
        }

        /** One line: probe, verdict, runs that differed, worst error. */
        public String line() {
            return String.format(
                    Locale.ROOT,
                    "%-40s %s  %d/%d float32 runs differ from float64, worst rel. error %.3g",
                    probe,
                    ok() ? "ok  " : "FAIL",
                    badRuns,
                    runs,
                    worstError);
        }
    }

    /** Every probe's finding and the check's time. */
    public record Report(ConvRoute route, List<Finding> findings, double seconds) {
        public boolean ok() {
            return findings.stream().allMatch(Finding::ok);
        }

        /** The probes that failed. */
        public List<Finding> failures() {
            return findings.stream().filter(f -> !f.ok()).toList();
        }

        /** Whether only convolutions failed (what a convolution route can mend). */
        public boolean onlyConvolutionsFail() {
            return failures().stream().allMatch(f -> f.probe().startsWith("conv"));
        }
    }

    /** Runs every probe with {@link #DEFAULT_REPEATS} float32 runs, convolutions by {@code route}. */
    public static Report run(ConvRoute route) {
        return run(route, DEFAULT_REPEATS);
    }

    /** Runs every probe with {@code repeats} float32 runs, convolutions by {@code route}. */
    public static Report run(ConvRoute route, int repeats) {
        long start = System.nanoTime();
        List<Finding> findings = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(5);
            for (int[] c : CONV_CASES) {
                Shape stride = new Shape(c[5], c[5]);
                Shape padding = new Shape(c[6], c[6]);
                findings.add(probe(
                        manager,
                        "conv " + c[1] + "->" + c[3] + " k" + c[4] + " s" + c[5] + " " + c[2] + "x"
                                + c[2],
                        List.of(
                                new Shape(c[0], c[1], c[2], c[2]),
                                new Shape(c[3], c[1], c[4], c[4])),
                        in -> Convolutions.conv2d(
                                in.get(0), in.get(1), null, stride, padding, route),
                        repeats));
            }
            findings.add(probe(
                    manager,
                    "linear 20->7",
                    List.of(new Shape(32, 20), new Shape(7, 20), new Shape(7)),
                    in -> Linear.linear(in.get(0), in.get(1), in.get(2)).singletonOrThrow(),
                    repeats));
            findings.add(probe(
                    manager,
                    "batch norm 8 channels",
                    List.of(new Shape(16, 8, 5, 5), new Shape(8), new Shape(8)),
                    in -> {
                        NDManager m = in.get(0).getManager();
                        DataType type = in.get(0).getDataType();
                        return BatchNorm.batchNorm(
                                        in.get(0),
                                        m.zeros(new Shape(8), type),
                                        m.ones(new Shape(8), type),
                                        in.get(1),
                                        in.get(2),
                                        1,
                                        0.1f,
                                        1e-5f,
                                        true)
                                .singletonOrThrow();
                    },
                    repeats));
        }
        return new Report(route, List.copyOf(findings), (System.nanoTime() - start) / 1e9);
    }

    /**
     * Checks {@code f}'s output and the gradients of all its inputs (normal draws of {@code shapes})
     * in float32, {@code repeats} times, against float64.
     */
    static Finding probe(
            NDManager parent,
            String name,
            List<Shape> shapes,
            Function<NDList, NDArray> f,
            int repeats) {
        try (NDManager m = parent.newSubManager()) {
            NDList inputs = new NDList();
            for (Shape s : shapes) {
                inputs.add(m.randomNormal(s, DataType.FLOAT64));
            }
            float[][] exact = outputAndGradients(m, inputs, f, DataType.FLOAT64);
            int bad = 0;
            double worst = 0;
            for (int r = 0; r < repeats; r++) {
                float[][] got = outputAndGradients(m, inputs, f, DataType.FLOAT32);
                double error = 0;
                for (int i = 0; i < exact.length; i++) {
                    error = Math.max(error, relativeError(got[i], exact[i]));
                }
                worst = Math.max(worst, error);
                if (!(error <= TOLERANCE)) {
                    bad++;
                }
            }
            return new Finding(name, repeats, bad, worst);
        }
    }

    /** {@code f(inputs)} and the gradients of {@code sum(f(inputs) * k)} for a fixed, uneven {@code k}. */
    private static float[][] outputAndGradients(
            NDManager parent, NDList base, Function<NDList, NDArray> f, DataType type) {
        try (NDManager m = parent.newSubManager()) {
            NDList inputs = new NDList();
            for (NDArray a : base) {
                NDArray x = a.toType(type, true);
                x.attach(m);
                x.setRequiresGradient(true);
                inputs.add(x);
            }
            float[] output;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = f.apply(inputs);
                NDArray k = m.arange(0f, (float) y.size(), 1f)
                        .mul(0.01f)
                        .sin()
                        .toType(type, false)
                        .reshape(y.getShape());
                output = y.toType(DataType.FLOAT32, false).toFloatArray();
                collector.backward(y.mul(k).sum());
            }
            float[][] out = new float[inputs.size() + 1][];
            out[0] = output;
            for (int i = 0; i < inputs.size(); i++) {
                out[i + 1] = inputs.get(i)
                        .getGradient()
                        .toType(DataType.FLOAT32, false)
                        .toFloatArray();
            }
            return out;
        }
    }

    /** The largest {@code |a - b| / (1 + |b|)}; infinite for a NaN or a length mismatch. */
    static double relativeError(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double e = Math.abs((double) a[i] - b[i]) / (1 + Math.abs(b[i]));
            if (Double.isNaN(e)) {
                return Double.POSITIVE_INFINITY;
            }
            worst = Math.max(worst, e);
        }
        return worst;
    }
}
