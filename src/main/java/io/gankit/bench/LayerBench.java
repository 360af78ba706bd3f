package io.gankit.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import io.gankit.engine.Convolutions;
import io.gankit.engine.Engines;
import io.gankit.nn.ConvTranspose2d;
import io.gankit.nn.Gan;
import io.gankit.nn.Upsample2x;
import io.gankit.nn.UpsampleConv2d;
import io.gankit.nn.ZeroPad2d;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Times the kit's layers against the routes plain DJL offers, on the shapes of the seed's CIFAR-10
 * model and DCGAN: nearest upsampling ({@link Upsample2x} vs libtorch's interpolate and two
 * repeat_interleave calls), upsampling followed by a 3x3 convolution ({@link UpsampleConv2d} vs
 * the two separately), zero padding ({@link ZeroPad2d} vs concatenation with zeros) and the
 * transposed convolution ({@link ConvTranspose2d}'s phase split vs zero insertion). Prints the
 * median forward and forward+backward milliseconds of each (the CPU engine runs each op to
 * completion before it returns, so no read-back is timed).
 *
 * <p>Run: {@code ./gankit bench --layers}, or {@code java -cp 'lib/*' io.gankit.bench.LayerBench [repeats]}
 * (default 30); the engine's thread count comes from {@code -Dai.djl.pytorch.num_threads=N}.
 */
public final class LayerBench {
    private LayerBench() {}

    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Engines.ensure(); // the self-check and convolution route of every other entry point, also
        // when run alone
        System.out.printf(
                Locale.ROOT,
                "%-26s %-20s %-20s %10s %12s%n",
                "layer",
                "input",
                "route",
                "fwd ms",
                "fwd+bwd ms");
        try (NDManager m = NDManager.newBaseManager()) {
            for (long[] s : new long[][] {{32, 128, 8, 8}, {32, 128, 16, 16}}) {
                Map<String, Function<NDArray, NDArray>> routes = new LinkedHashMap<>();
                routes.put("kit (broadcast)", Upsample2x::apply);
                routes.put(
                        "interpolate",
                        x -> x.getNDArrayInternal()
                                .interpolation(new long[] {2 * s[2], 2 * s[3]}, 0, false));
                routes.put("repeat_interleave", x -> x.repeat(2, 2).repeat(3, 2));
                compare(m, "upsample x2", new Shape(s), routes, repeats);
            }
            for (long[] c : new long[][] {{32, 128, 8, 8, 128}, {32, 128, 16, 16, 64}}) {
                NDArray w = Gan.normal(m, new Shape(c[4], c[1], 3, 3), new SplittableRandom(1))
                        .mul(0.03);
                NDArray b = m.zeros(new Shape(c[4]));
                w.setRequiresGradient(true);
                Map<String, Function<NDArray, NDArray>> routes = new LinkedHashMap<>();
                routes.put("kit (fused phases)", x -> UpsampleConv2d.apply(x, w, b));
                routes.put("kit upsample + conv", x -> conv3x3(Upsample2x.apply(x), w, b));
                routes.put(
                        "interpolate + conv",
                        x -> conv3x3(
                                x.getNDArrayInternal()
                                        .interpolation(new long[] {2 * c[2], 2 * c[3]}, 0, false),
                                w,
                                b));
                compare(
                        m,
                        "upsample, conv3x3 -> " + c[4],
                        new Shape(c[0], c[1], c[2], c[3]),
                        routes,
                        repeats);
            }
            ZeroPad2d pad = new ZeroPad2d(0, 1, 0, 1);
            Map<String, Function<NDArray, NDArray>> pads = new LinkedHashMap<>();
            pads.put("kit (constant_pad)", pad::apply);
            pads.put("concat zeros", LayerBench::concatPad);
            compare(m, "zero pad (0,1,0,1)", new Shape(32, 64, 8, 8), pads, repeats);
            for (long[] c :
                    new long[][] {{64, 256, 4, 4, 128}, {64, 128, 8, 8, 64}, {64, 64, 16, 16, 3}}) {
                NDArray w = Gan.normal(m, new Shape(c[1], c[4], 4, 4), new SplittableRandom(1))
                        .mul(0.02);
                w.setRequiresGradient(true);
                Map<String, Function<NDArray, NDArray>> convs = new LinkedHashMap<>();
                convs.put("kit (phases)", x -> ConvTranspose2d.apply(x, w, null, 2, 1));
                convs.put("zero insertion", x -> ConvTranspose2d.zeroInsertion(x, w, null, 2, 1));
                compare(
                        m,
                        "convT k4 s2 p1 -> " + c[4],
                        new Shape(c[0], c[1], c[2], c[3]),
                        convs,
                        repeats);
            }
        }
    }

    /**
     * Times each route on the same input, the routes taking turns within every repetition so
     * that a change in machine load hits them alike.
     */
    private static void compare(
            NDManager m,
            String layer,
            Shape shape,
            Map<String, Function<NDArray, NDArray>> routes,
            int repeats) {
        NDArray x0 = Gan.normal(m, shape, new SplittableRandom(2));
        Map<String, double[][]> times = new LinkedHashMap<>();
        routes.keySet().forEach(k -> times.put(k, new double[2][repeats]));
        int warmup = repeats / 3 + 2;
        for (int i = -warmup; i < repeats; i++) {
            for (Map.Entry<String, Function<NDArray, NDArray>> route : routes.entrySet()) {
                double fwd = time(() -> {
                    try (NDManager scope = m.newSubManager()) {
                        NDArray x = x0.duplicate();
                        x.attach(scope);
                        route.getValue().apply(x);
                    }
                });
                double both = time(() -> {
                    try (NDManager scope = m.newSubManager();
                            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray x = x0.duplicate();
                        x.attach(scope);
                        x.setRequiresGradient(true);
                        gc.backward(route.getValue().apply(x).sum());
                    }
                });
                if (i >= 0) {
                    times.get(route.getKey())[0][i] = fwd;
                    times.get(route.getKey())[1][i] = both;
                }
            }
        }
        for (Map.Entry<String, double[][]> t : times.entrySet()) {
            System.out.printf(
                    Locale.ROOT,
                    "%-26s %-20s %-20s %10.3f %12.3f%n",
                    layer,
                    shape,
                    t.getKey(),
                    median(t.getValue()[0]),
                    median(t.getValue()[1]));
        }
    }

    private static NDArray conv3x3(NDArray x, NDArray w, NDArray b) {
        return Convolutions.conv2d(x, w, b, new Shape(1, 1), new Shape(1, 1));
    }

    private static NDArray concatPad(NDArray x) {
        Shape s = x.getShape();
        NDManager m = x.getManager();
        NDArray right = NDArrays.concat(
                new NDList(x, m.zeros(new Shape(s.get(0), s.get(1), s.get(2), 1))), 3);
        return NDArrays.concat(
                new NDList(right, m.zeros(new Shape(s.get(0), s.get(1), 1, s.get(3) + 1))), 2);
    }

    private static double time(Runnable run) {
        long t0 = System.nanoTime();
        run.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
