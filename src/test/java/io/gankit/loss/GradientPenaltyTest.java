package io.gankit.loss;

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
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.gankit.GankitException;
import io.gankit.engine.FreedBuffers;
import io.gankit.nn.Gan;
import io.gankit.nn.ModelSpec;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class GradientPenaltyTest {
    private static final double LAMBDA = 10;

    @Test
    void penaltyGradientMatchesCentralFiniteDifferencesForEveryParameter() {
        // Float64 critics, so central differences with h = 1e-6 are accurate to ~1e-8. A tanh
        // critic has a genuinely second-order penalty gradient; the LeakyReLU one a piecewise
        // linear one, the case WGAN-GP critics mostly are.
        for (Block activation : List.of(Activation.tanhBlock(), Activation.leakyReluBlock(0.2f))) {
            try (NDManager m = NDManager.newBaseManager()) {
                Block critic = critic(activation);
                critic.initialize(m, DataType.FLOAT64, new Shape(5, 2, 3));
                randomise(critic, new SplittableRandom(11));
                NDArray real = normal64(m, new Shape(5, 2, 3), 1);
                NDArray fake = normal64(m, new Shape(5, 2, 3), 2);
                Function<NDArray, NDArray> forward = forward(critic, m);
                GradientPenalty gp = new GradientPenalty(LAMBDA);

                zeroGradients(critic);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray p = gp.penalty(forward, real, fake, new SplittableRandom(3));
                    assertTrue(p.getDouble() > 0);
                    FreedBuffers.reuse(); // as a collection in training would (see Scalars)
                    gc.backward(p);
                }
                int checked = 0;
                for (var pair : critic.getParameters()) {
                    NDArray w = pair.getValue().getArray();
                    // a parameter the penalty does not reach (the output bias) has no gradient,
                    // which
                    // DJL reports as float32 zeros
                    double[] analytic =
                            w.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
                    double[] values = w.toDoubleArray();
                    for (int i = 0; i < values.length; i++) {
                        double h = 1e-6;
                        double[] plus = values.clone();
                        plus[i] += h;
                        double[] minus = values.clone();
                        minus[i] -= h;
                        w.set(plus);
                        double up = penaltyValue(gp, critic, forward, real, fake);
                        w.set(minus);
                        double down = penaltyValue(gp, critic, forward, real, fake);
                        w.set(values);
                        double numeric = (up - down) / (2 * h);
                        assertEquals(
                                numeric,
                                analytic[i],
                                1e-6 * Math.max(1, Math.abs(numeric)),
                                activation + " " + pair.getKey() + "[" + i + "]");
                        checked++;
                    }
                }
                assertEquals(6 * 4 + 4 + 4 + 1, checked, "every weight and bias of both layers");
            }
        }
    }

    @Test
    void linearCriticPenaltyIsLambdaTimesSquaredNormGap() {
        // D(x) = w.x + b has gradient w everywhere, so the penalty is lambda (||w|| - 1)^2 whatever
        // the interpolation, and its gradient in w is 2 lambda (||w|| - 1) w / ||w||; b gets 0.
        try (NDManager m = NDManager.newBaseManager()) {
            Block critic = new SequentialBlock()
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(1).build());
            critic.initialize(m, DataType.FLOAT64, new Shape(4, 3));
            NDArray w = critic.getParameters().valueAt(0).getArray();
            w.set(new double[] {3, 0, 4});
            zeroGradients(critic);
            NDArray real = normal64(m, new Shape(4, 3), 5);
            NDArray fake = normal64(m, new Shape(4, 3), 6);
            GradientPenalty gp = new GradientPenalty(LAMBDA);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray p = gp.penalty(forward(critic, m), real, fake, new SplittableRandom(1));
                assertEquals(LAMBDA * 16, p.getDouble(), 1e-9);
                gc.backward(p);
            }
            double scale = 2 * LAMBDA * (5 - 1) / 5;
            assertArrayEquals(
                    new double[] {scale * 3, 0, scale * 4}, w.getGradient().toDoubleArray(), 1e-9);
            assertEquals(
                    0,
                    critic.getParameters()
                            .valueAt(1)
                            .getArray()
                            .getGradient()
                            .toType(DataType.FLOAT64, false)
                            .getDouble(),
                    0);
        }
    }

    @Test
    void penaltyLeavesEarlierParameterGradientsAsTheyWere() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block critic = critic(Activation.tanhBlock());
            critic.initialize(m, DataType.FLOAT64, new Shape(5, 2, 3));
            randomise(critic, new SplittableRandom(2));
            NDArray real = normal64(m, new Shape(5, 2, 3), 1);
            NDArray fake = normal64(m, new Shape(5, 2, 3), 2);
            // An earlier loss leaves gradients behind; the penalty's own double backward must not
            // add to them.
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(forward(critic, m).apply(real).sum());
            }
            NDArray weight = critic.getParameters().valueAt(0).getArray();
            double[] before = weight.getGradient().toDoubleArray();
            assertTrue(Arrays.stream(before).anyMatch(v -> v != 0));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                new GradientPenalty(LAMBDA)
                        .penalty(forward(critic, m), real, fake, new SplittableRandom(3));
            }
            assertArrayEquals(before, weight.getGradient().toDoubleArray(), 0);
        }
    }

    @Test
    void parameterGradientsCarryNoGraphAfterThePenaltysBackward() {
        // A gradient with a graph of its own references its parameter: libtorch then never frees
        // the graph, and every later backward chains onto it (the WGAN-GP leak this guards).
        try (NDManager m = NDManager.newBaseManager()) {
            Block critic = critic(Activation.tanhBlock());
            critic.initialize(m, DataType.FLOAT64, new Shape(5, 2, 3));
            randomise(critic, new SplittableRandom(4));
            NDArray real = normal64(m, new Shape(5, 2, 3), 5);
            NDArray fake = normal64(m, new Shape(5, 2, 3), 6);
            for (int step = 0; step < 3; step++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray penalty = new GradientPenalty(LAMBDA)
                            .penalty(
                                    forward(critic, m), real, fake, new SplittableRandom(7 + step));
                    gc.backward(forward(critic, m).apply(real).mean().add(penalty));
                }
                for (var p : critic.getParameters()) {
                    NDArray grad = p.getValue().getArray().getGradient();
                    // (DJL's grad_fn name lookup crashes on a leaf, so ask whether the gradient
                    // needs one)
                    assertTrue(
                            !JniUtils.requiresGrad((PtNDArray) grad),
                            p.getKey() + " step " + step + ": its gradient is part of a graph");
                    assertTrue(
                            p.getValue().getArray().hasGradient(),
                            p.getKey() + " is trainable again");
                }
            }
        }
    }

    @Test
    void interpolationUsesOneUniformWeightPerSample() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray real = m.ones(new Shape(64, 2, 2));
            NDArray fake = m.zeros(new Shape(64, 2, 2));
            NDArray xhat = GradientPenalty.interpolate(m, real, fake, new SplittableRandom(4));
            float[] v = xhat.toFloatArray();
            double sum = 0;
            for (int i = 0; i < 64; i++) {
                float alpha = v[i * 4];
                assertTrue(alpha >= 0 && alpha < 1);
                for (int k = 1; k < 4; k++) {
                    assertEquals(alpha, v[i * 4 + k], 0, "one alpha per sample");
                }
                sum += alpha;
            }
            assertEquals(0.5, sum / 64, 0.12, "mean of 64 U(0,1) draws");
            SplittableRandom expected = new SplittableRandom(4);
            assertEquals(
                    (float) expected.nextDouble(),
                    v[0],
                    1e-7,
                    "drawn from the caller's random source");
        }
    }

    @Test
    void penaltyWorksOnTheSeedCifarCriticAndNeedsAGradientCollector() {
        try (NDManager m = NDManager.newBaseManager();
                Gan gan = Gan.create(new ModelSpec("dcgan", 100, 1, 28, 28, 0), m, 1)) {
            NDArray real = Gan.normal(m, new Shape(4, 1, 28, 28), new SplittableRandom(1));
            NDArray fake = gan.generate(gan.latent(m, 4, new SplittableRandom(2)), true);
            GradientPenalty gp = new GradientPenalty(GradientPenalty.PAPER_LAMBDA);
            assertThrows(
                    GankitException.class,
                    () -> gp.penalty(gan, real, fake, null, new SplittableRandom(3)));
            Parameter first = gan.discriminator().getParameters().valueAt(0);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray p =
                        gp.penalty(gan, real, fake.stopGradient(), null, new SplittableRandom(3));
                assertEquals(new Shape(), p.getShape());
                gc.backward(p);
            }
            assertTrue(
                    first.getArray().getGradient().abs().sum().getFloat() > 0,
                    "the penalty's gradient reaches the critic's first convolution");
        }
    }

    @Test
    void weightClippingClampsTrainedParametersOnly() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block critic = critic(Activation.tanhBlock());
            critic.initialize(m, DataType.FLOAT32, new Shape(5, 2, 3));
            NDArray w = critic.getParameters().valueAt(0).getArray();
            w.set(new float[] {
                -1, -0.005f, 0, 0.005f, 2, 0.3f, -0.3f, 0.01f, 0.02f, -0.02f, 0.5f, 0.1f, -1,
                -0.005f, 0, 0.005f, 2, 0.3f, -0.3f, 0.01f, 0.02f, -0.02f, 0.5f, 0.1f
            });
            WeightClipping.clip(critic, 0.01);
            assertArrayEquals(
                    new float[] {
                        -0.01f, -0.005f, 0, 0.005f, 0.01f, 0.01f, -0.01f, 0.01f, 0.01f, -0.01f,
                        0.01f, 0.01f, -0.01f, -0.005f, 0, 0.005f, 0.01f, 0.01f, -0.01f, 0.01f,
                        0.01f, -0.01f, 0.01f, 0.01f
                    },
                    w.toFloatArray());
            for (var p : critic.getParameters()) {
                assertTrue(
                        p.getValue().getArray().abs().max().getFloat() <= 0.01f + 1e-9f,
                        p.getKey());
            }
        }
    }

    private static double penaltyValue(
            GradientPenalty gp,
            Block critic,
            Function<NDArray, NDArray> forward,
            NDArray real,
            NDArray fake) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            return gp.penalty(forward, real, fake, new SplittableRandom(3)).getDouble();
        }
    }

    /** Flatten (2x3 -> 6), Linear(6, 4), activation, Linear(4, 1). */
    private static Block critic(Block activation) {
        return new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(4).build())
                .add(activation)
                .add(Linear.builder().setUnits(1).build());
    }

    private static Function<NDArray, NDArray> forward(Block critic, NDManager m) {
        ParameterStore store = new ParameterStore(m, false);
        return x -> critic.forward(store, new NDList(x), true).singletonOrThrow();
    }

    private static void randomise(Block block, SplittableRandom random) {
        for (var p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            double[] v = new double[Math.toIntExact(a.size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = random.nextDouble() * 1.6 - 0.8;
            }
            a.set(v);
        }
    }

    private static void zeroGradients(Block block) {
        for (var p : block.getParameters()) {
            NDArray g = p.getValue().getArray().getGradient();
            g.subi(g);
        }
    }

    private static NDArray normal64(NDManager m, Shape shape, long seed) {
        return Gan.normal(m, shape, new SplittableRandom(seed)).toType(DataType.FLOAT64, false);
    }
}
