package io.gankit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.gankit.BadInputException;
import io.gankit.TestPaths;
import io.gankit.data.Datasets;
import io.gankit.data.ImageSet;
import io.gankit.data.Resample;
import io.gankit.loss.ContentLoss;
import io.gankit.loss.FeatureMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SRGAN trained by the one loop on Fashion-MNIST, 7x7 -> 28x28: the networks' shapes and the
 * sample rows, the refusals, a short seeded run whose pretraining lowers the pixel MSE and whose
 * adversarial phase trains, and exact resume from a checkpoint taken before the phase boundary.
 */
class SuperResolutionGameTest {
    static ImageSet fashion;
    static ImageSet held;

    @BeforeAll
    static void load() {
        fashion = Datasets.load("fashion-mnist", Datasets.Split.TRAIN, TestPaths.dataFolder())
                .limit(480);
        held = Datasets.load("fashion-mnist", Datasets.Split.TEST, TestPaths.dataFolder())
                .limit(4);
    }

    /** A teaching-size SRGAN: a few filters and blocks, a faster rate than the paper's 1e-4. */
    static SuperResolutionGame.Builder small(long pretrainSteps) {
        return SuperResolutionGame.builder()
                .setHeldImages(held)
                .setPretrainSteps(pretrainSteps)
                .optGenerator(16, 2)
                .optDiscriminator(8, 4, 32)
                .optLearningRate(1e-3)
                .optSeed(3);
    }

    static TrainConfig config(long steps) {
        return TrainConfig.builder()
                .setDataset("fashion-mnist")
                .optBatchSize(16)
                .optEpochs(10)
                .optMaxSteps(steps)
                .optSeed(3)
                .build();
    }

    /** Horizontal and vertical differences of neighbouring pixels: features with no parameters. */
    static final FeatureMap EDGES = new FeatureMap() {
        @Override
        public NDArray apply(NDArray x) {
            long n = x.getShape().get(0);
            NDArray across = x.get(":, :, :, 1:").sub(x.get(":, :, :, :-1")).reshape(n, -1);
            NDArray down = x.get(":, :, 1:, :").sub(x.get(":, :, :-1, :")).reshape(n, -1);
            return across.concat(down, 1);
        }

        @Override
        public String name() {
            return "edges";
        }
    };

    @Test
    void theNetworksEnlargeFourTimesAndTheSamplesShowInputBicubicOutputAndOriginal() {
        try (NDManager m = NDManager.newBaseManager()) {
            SuperResolutionGame game = small(10).build(m);
            assertEquals(
                    List.of("generator", "discriminator"),
                    List.copyOf(game.networks().keySet()));
            assertEquals(
                    List.of("generator", "discriminator"),
                    List.copyOf(game.optimizers().keySet()));
            assertEquals(
                    List.of("d_loss", "g_loss", "content", "adversarial", "mse"), game.measures());
            assertTrue(game.signature().startsWith("srgan-x4 1x28x28"), game.signature());
            assertTrue(game.pretraining(10) && !game.pretraining(11));

            NDArray low = m.randomUniform(-1, 1, new Shape(2, 1, 7, 7));
            assertEquals(new Shape(2, 1, 28, 28), game.superResolve(low).getShape());
            NDArray logits = game.discriminator()
                    .forward(
                            new ParameterStore(m, false),
                            new NDList(held.batch(m, new int[] {0, 1})),
                            false)
                    .singletonOrThrow();
            assertEquals(new Shape(2, 1), logits.getShape());

            NDArray samples = game.samples(m);
            assertEquals(new Shape(16, 1, 28, 28), samples.getShape());
            assertEquals(4, game.sampleColumns(16), "four rows of the four held images");
            assertTrue(samples.min().getFloat() >= -1f && samples.max().getFloat() <= 1f);
            int[] all = {0, 1, 2, 3};
            ImageSet small = Resample.bicubic(held, 7, 7);
            float[] input = small.batch(m, all).toFloatArray();
            float[] nearest = samples.get("0:4").toFloatArray();
            for (int i = 0; i < 4; i++) {
                for (int r = 0; r < 28; r++) {
                    for (int c = 0; c < 28; c++) {
                        assertEquals(
                                input[i * 49 + r / 4 * 7 + c / 4],
                                nearest[i * 784 + r * 28 + c],
                                "row 1 repeats each input pixel 4x4, image " + i);
                    }
                }
            }
            assertArrayEquals(
                    Resample.bicubic(small, 28, 28).batch(m, all).toFloatArray(),
                    samples.get("4:8").toFloatArray(),
                    "row 2 is the bicubic enlargement");
            assertArrayEquals(
                    game.superResolve(small.batch(m, all)).toFloatArray(),
                    samples.get("8:12").toFloatArray(),
                    "row 3 is G's output");
            assertArrayEquals(
                    held.batch(m, all).toFloatArray(),
                    samples.get("12:16").toFloatArray(),
                    "row 4 is the original");
        }
    }

    @Test
    void settingsAndDataThatCannotWorkAreRefusedSayingWhatToDo() {
        try (NDManager m = NDManager.newBaseManager()) {
            BadInputException noHeld = assertThrows(
                    BadInputException.class,
                    () -> SuperResolutionGame.builder().setPretrainSteps(0).build(m));
            assertTrue(noHeld.getMessage().contains("setHeldImages"), noHeld.getMessage());
            BadInputException noPretraining = assertThrows(
                    BadInputException.class,
                    () -> SuperResolutionGame.builder().setHeldImages(held).build(m));
            assertTrue(
                    noPretraining.getMessage().contains("setPretrainSteps"),
                    noPretraining.getMessage());
            ImageSet odd = Resample.bicubic(held, 30, 30);
            BadInputException indivisible = assertThrows(
                    BadInputException.class, () -> small(0).setHeldImages(odd).build(m));
            assertTrue(
                    indivisible.getMessage().contains("divisible by 4"), indivisible.getMessage());
            ImageSet larger = Resample.bicubic(fashion.limit(64), 32, 32);
            BadInputException misfit = assertThrows(
                    BadInputException.class,
                    () -> GanTrainer.create(config(1), larger, m, small(0)::build));
            assertTrue(
                    misfit.getMessage().contains("1x32x32")
                            && misfit.getMessage().contains("1x28x28"),
                    misfit.getMessage());
        }
    }

    @Test
    void pretrainingLowersThePixelMseAndTheAdversarialPhaseTrains() {
        int pretrain = 24;
        int steps = 36;
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<SuperResolutionGame> t =
                        GanTrainer.create(config(steps), fashion, m, small(pretrain)::build)) {
            assertEquals(TrainListener.Outcome.FINISHED, t.fit());
            History h = t.history();
            assertEquals(steps, h.size());
            double first = 0;
            double last = 0;
            for (int i = 0; i < 3; i++) {
                first += h.record(i).value("mse") / 3;
                last += h.record(pretrain - 3 + i).value("mse") / 3;
            }
            System.out.printf(
                    Locale.ROOT,
                    "SRGAN on Fashion-MNIST: pixel MSE %.4f over steps 1-3, %.4f over steps %d-%d;"
                            + " %d steps in %.1f s; last step %s%n",
                    first,
                    last,
                    pretrain - 2,
                    pretrain,
                    steps,
                    t.seconds(),
                    h.last().measuresText());
            assertTrue(last < 0.6 * first, "pretraining MSE " + first + " -> " + last);
            for (int i = 0; i < steps; i++) {
                StepRecord r = h.record(i);
                for (double v : r.values()) {
                    assertTrue(Double.isFinite(v), r.toString());
                }
                if (i < pretrain) {
                    assertEquals(0, r.value("d_loss"), r.toString());
                    assertEquals(0, r.value("adversarial"), r.toString());
                    assertEquals(r.value("mse"), r.value("g_loss"), 0, "G learns the pixel MSE");
                } else {
                    assertTrue(r.value("d_loss") > 0 && r.value("adversarial") > 0, r.toString());
                    assertEquals(
                            r.value("content") + 1e-3 * r.value("adversarial"),
                            r.value("g_loss"),
                            1e-5,
                            "G's loss is content + 1e-3 adversarial: " + r);
                }
                // no feature network: the content loss is the pixel MSE, measured the same way
                assertEquals(r.value("mse"), r.value("content"), 1e-6, r.toString());
            }
            // D learns in the adversarial phase: its loss starts near 2 log 2 and falls
            assertTrue(
                    h.meanOfLast("d_loss", 3) < h.record(pretrain).value("d_loss"),
                    "D: " + h.record(pretrain) + " -> " + h.last());
        }
    }

    @Test
    void aRunResumedBeforeThePhaseBoundaryContinuesExactly(@TempDir Path tmp) {
        int pretrain = 5;
        int steps = 10;
        SuperResolutionGame.Builder builder =
                small(pretrain).optContentLoss(ContentLoss.features(EDGES, 1));
        double[][] whole;
        float[] wholeSamples;
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<SuperResolutionGame> t =
                        GanTrainer.create(config(steps), fashion, m, builder::build)) {
            t.fit();
            whole = GameTest.rows(t.history());
            wholeSamples = t.game().samples(m).toFloatArray();
        }
        for (double[] row : whole) {
            // columns: d_loss, g_loss, content, adversarial, mse
            assertNotEquals(row[4], row[2], "the edge loss is no pixel MSE");
        }
        Path checkpoint;
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<SuperResolutionGame> t =
                        GanTrainer.create(config(steps), fashion, m, builder::build)) {
            for (int i = 0; i < pretrain - 2; i++) {
                t.step();
            }
            checkpoint = Checkpoint.save(t, tmp, 2);
            t.step(); // never saved: redone after the resume
        }
        for (String f : List.of(
                "generator.params",
                "discriminator.params",
                "adam-generator.bin",
                "adam-discriminator.bin")) {
            assertTrue(Files.isRegularFile(checkpoint.resolve(f)), f + " missing");
        }
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<SuperResolutionGame> t =
                        GanTrainer.create(config(steps), fashion, m, builder::build)) {
            Checkpoint.restore(t, checkpoint);
            assertEquals(pretrain - 2, t.stepsDone());
            t.fit();
            double[][] resumed = GameTest.rows(t.history());
            assertEquals(whole.length, resumed.length);
            for (int i = 0; i < whole.length; i++) {
                assertArrayEquals(whole[i], resumed[i], 0.0, "step " + (i + 1));
            }
            assertArrayEquals(wholeSamples, t.game().samples(m).toFloatArray(), 0f);
        }
    }
}
