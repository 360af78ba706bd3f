package io.gankit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.gankit.BadInputException;
import io.gankit.TestPaths;
import io.gankit.data.ImageSet;
import io.gankit.data.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop knows no generator or discriminator: a game that is not a GAN (an autoencoder of two
 * networks and two optimisers, taking two batches a step) trains, checkpoints every network and
 * optimiser by its name, resumes exactly, and is stopped by the divergence guard.
 */
class GameTest {
    static ImageSet mnist;

    @BeforeAll
    static void load() {
        mnist = TestPaths.mnist(512);
    }

    /** An encoder and a decoder trained together on squared reconstruction error, two batches a step. */
    static final class Autoencoder implements Game {
        final Block encoder = new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(16).build())
                .add(Activation.reluBlock());
        final Block decoder = new SequentialBlock()
                .add(Linear.builder().setUnits(784).build())
                .add(Activation::tanh)
                .add(x -> new NDList(x.singletonOrThrow().reshape(-1, 1, 28, 28)));
        final Adam adamEncoder;
        final Adam adamDecoder;
        final ParameterStore store;
        final NDArray fixed;
        double poisonAtStep = -1;
        final List<Float> firstPixels = new ArrayList<>();

        Autoencoder(NDManager manager) {
            Engine.getInstance().setRandomSeed(5); // DJL's initialisers draw from the engine
            encoder.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 28, 28));
            decoder.initialize(manager, DataType.FLOAT32, new Shape(2, 16));
            adamEncoder = new Adam(encoder, manager, 1e-3, 0.9, 0.999);
            adamDecoder = new Adam(decoder, manager, 1e-3, 0.9, 0.999);
            store = new ParameterStore(manager, false);
            int[] first = new int[8];
            for (int i = 0; i < first.length; i++) {
                first[i] = i;
            }
            fixed = mnist.batch(manager, first, 0, first.length);
        }

        @Override
        public Map<String, Block> networks() {
            Map<String, Block> m = new LinkedHashMap<>();
            m.put("encoder", encoder);
            m.put("decoder", decoder);
            return m;
        }

        @Override
        public Map<String, Adam> optimizers() {
            Map<String, Adam> m = new LinkedHashMap<>();
            m.put("encoder", adamEncoder);
            m.put("decoder", adamDecoder);
            return m;
        }

        @Override
        public List<String> measures() {
            return List.of("reconstruction_loss", "noise");
        }

        @Override
        public int batchesPerStep() {
            return 2;
        }

        @Override
        public double[] step(StepContext step) {
            NDArray x = step.images(0).concat(step.images(1));
            firstPixels.add(step.images(1).get(0).sum().getFloat());
            double noise = step.random().nextDouble(); // the step's random numbers repeat on resume
            float loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray out = decoder.forward(
                                store, encoder.forward(store, new NDList(x), true), true)
                        .singletonOrThrow();
                NDArray l = out.sub(x).square().mean();
                collector.backward(l);
                loss = l.getFloat();
            }
            if (step.number() == poisonAtStep) {
                return new double[] {Double.NaN, noise};
            }
            adamEncoder.step();
            adamDecoder.step();
            return new double[] {loss, noise};
        }

        @Override
        public NDArray samples(NDManager into) {
            NDArray x = fixed.duplicate();
            x.attach(into);
            return decoder.forward(store, encoder.forward(store, new NDList(x), false), false)
                    .singletonOrThrow();
        }

        @Override
        public String signature() {
            return "autoencoder-16";
        }

        @Override
        public void requireFits(TrainingData data) {}
    }

    static TrainConfig config() {
        return TrainConfig.builder()
                .optBatchSize(32)
                .optEpochs(2)
                .optSeed(3)
                .build(); // 8 steps an epoch
    }

    static GanTrainer<Autoencoder> trainer(NDManager m) {
        return GanTrainer.create(config(), mnist, m, Autoencoder::new);
    }

    @Test
    void aGameThatIsNoGanTrainsThroughTheLoop() {
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<Autoencoder> t = trainer(m)) {
            assertEquals(8, t.stepsPerEpoch(), "512 images, 2 batches of 32 a step");
            assertEquals(TrainListener.Outcome.FINISHED, t.fit());
            History h = t.history();
            assertEquals(
                    List.of("step", "epoch", "reconstruction_loss", "noise", "seconds"),
                    h.columns());
            assertEquals(16, h.size());
            assertTrue(
                    h.meanOfLast("reconstruction_loss", 3)
                            < h.record(0).value("reconstruction_loss") * 0.8,
                    "reconstruction did not improve: " + h.record(0) + " -> " + h.last());
            // The two batches of a step are different images, and each step takes new ones.
            assertNotEquals(t.game().firstPixels.get(0), t.game().firstPixels.get(1));
        }
    }

    @Test
    void checkpointsHoldEveryNetworkAndOptimiserByNameAndResumeExactly(@TempDir Path tmp) {
        double[][] whole;
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<Autoencoder> t = trainer(m)) {
            t.fit();
            whole = rows(t.history());
        }
        Path checkpoint;
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<Autoencoder> t = trainer(m)) {
            for (int i = 0; i < 5; i++) {
                t.step();
            }
            checkpoint = Checkpoint.save(t, tmp, 2);
            t.step(); // never saved: redone after the resume
        }
        for (String f : List.of(
                "encoder.params",
                "decoder.params",
                "adam-encoder.bin",
                "adam-decoder.bin",
                "history.csv",
                "state.json")) {
            assertTrue(
                    Files.isRegularFile(checkpoint.resolve(f)), f + " missing from " + checkpoint);
        }
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<Autoencoder> t = trainer(m)) {
            Checkpoint.restore(t, checkpoint);
            assertEquals(5, t.stepsDone());
            t.fit();
            double[][] resumed = rows(t.history());
            assertEquals(whole.length, resumed.length);
            for (int i = 0; i < whole.length; i++) {
                assertArrayEquals(whole[i], resumed[i], 0.0, "step " + (i + 1));
            }
        }
    }

    @Test
    void aCheckpointOfAnotherGameIsRefused(@TempDir Path tmp) {
        Path checkpoint;
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<Autoencoder> t = trainer(m)) {
            t.step();
            checkpoint = Checkpoint.save(t, tmp, 2);
        }
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<GanGame> gan = GanTrainer.create(config(), mnist, m)) {
            var e = assertThrows(
                    BadInputException.class, () -> Checkpoint.restore(gan, checkpoint));
            assertTrue(
                    e.getMessage().contains("autoencoder-16") && e.getMessage().contains("mlp"),
                    e.getMessage());
        }
    }

    @Test
    void aNonFiniteMeasureStopsTheLoopNamingStepAndMeasure() {
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<Autoencoder> t = trainer(m)) {
            t.game().poisonAtStep = 4;
            DivergenceException e = assertThrows(DivergenceException.class, t::fit);
            assertEquals(4, e.step());
            assertTrue(e.getMessage().contains("reconstruction_loss"), e.getMessage());
            assertEquals(3, t.stepsDone(), "the diverged step is not counted");
            assertEquals(3, t.history().size());
        }
    }

    /**
     * Trains {@code steps} steps of {@code build}'s game in one go, then again with a checkpoint
     * after {@code checkpointAt} steps (and one step more that the checkpoint must not see) and a
     * fresh game restored from it: the histories and the final sample grids must be equal to the
     * bit.
     */
    static <G extends Game> void assertResumesExactly(
            TrainConfig config,
            TrainingData data,
            Function<NDManager, G> build,
            int checkpointAt,
            Path tmp) {
        int steps = Math.toIntExact(config.maxSteps());
        double[][] whole;
        float[] wholeSamples;
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<G> t = GanTrainer.create(config, data, m, build)) {
            t.fit();
            whole = rows(t.history());
            wholeSamples = t.game().samples(m).toFloatArray();
        }
        Path checkpoint;
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<G> t = GanTrainer.create(config, data, m, build)) {
            for (int i = 0; i < checkpointAt; i++) {
                t.step();
            }
            checkpoint = Checkpoint.save(t, tmp, checkpointAt);
            t.step();
        }
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<G> t = GanTrainer.create(config, data, m, build)) {
            Checkpoint.restore(t, checkpoint);
            t.fit();
            double[][] resumed = rows(t.history());
            assertEquals(steps, resumed.length);
            for (int i = 0; i < steps; i++) {
                Assertions.assertArrayEquals(whole[i], resumed[i], 0.0, "step " + (i + 1));
            }
            Assertions.assertArrayEquals(
                    wholeSamples, t.game().samples(m).toFloatArray(), 0f, "the final samples");
        }
    }

    static double[][] rows(History h) {
        double[][] out = new double[h.size()][];
        for (int i = 0; i < h.size(); i++) {
            out[i] = h.record(i).values();
        }
        return out;
    }
}
