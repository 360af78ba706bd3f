package io.gankit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.gankit.BadInputException;
import io.gankit.TestPaths;
import io.gankit.data.Datasets;
import io.gankit.data.Greyscale;
import io.gankit.data.ImageSet;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pix2pix colourising CIFAR-10 through the one loop: shapes and sample rows, refusals, a short
 * seeded run that lowers its L1, the L1-only U-Net that leaves D alone, and exact resume.
 */
class Pix2PixGameTest {
    static ImageSet cifar;
    static ImageSet held;

    @BeforeAll
    static void load() {
        cifar = Datasets.load("cifar10", Datasets.Split.TRAIN, TestPaths.dataFolder())
                .limit(320);
        held = Datasets.load("cifar10", Datasets.Split.TEST, TestPaths.dataFolder())
                .limit(4);
    }

    static Pix2PixGame.Builder small() {
        return Pix2PixGame.builder()
                .setHeldImages(held)
                .optGenerator(8, 5)
                .optDiscriminator(8, 1)
                .optLearningRate(1e-3)
                .optSeed(5);
    }

    static TrainConfig config(long steps) {
        return TrainConfig.builder()
                .setDataset("cifar10")
                .optBatchSize(16)
                .optEpochs(10)
                .optMaxSteps(steps)
                .optSeed(5)
                .build();
    }

    @Test
    void theGeneratorPaintsGreyInColourAndTheSamplesShowInputOutputAndOriginal() {
        try (NDManager m = NDManager.newBaseManager()) {
            Pix2PixGame game = small().build(m);
            assertEquals(
                    List.of("generator", "discriminator"),
                    List.copyOf(game.networks().keySet()));
            assertEquals(List.of("d_loss", "g_loss", "l1", "adversarial"), game.measures());
            assertTrue(
                    game.signature().startsWith("pix2pix colourisation 3x32x32"), game.signature());
            int[] all = {0, 1, 2, 3};
            NDArray grey = Greyscale.of(held).batch(m, all);
            NDArray colour = game.colourise(grey);
            assertEquals(new Shape(4, 3, 32, 32), colour.getShape());
            NDArray samples = game.samples(m);
            assertEquals(new Shape(12, 3, 32, 32), samples.getShape());
            assertEquals(4, game.sampleColumns(12));
            float[] rows = samples.toFloatArray();
            float[] g = grey.toFloatArray();
            for (int i = 0; i < 4; i++) {
                for (int c = 0; c < 3; c++) {
                    for (int p = 0; p < 1024; p++) {
                        assertEquals(
                                g[i * 1024 + p], rows[(i * 3 + c) * 1024 + p], 0f, "row 1: grey");
                    }
                }
            }
            assertArrayEquals(
                    colour.toFloatArray(), samples.get("4:8").toFloatArray(), 0f, "row 2: G");
            assertArrayEquals(
                    held.batch(m, all).toFloatArray(), samples.get("8:12").toFloatArray(), 0f);
        }
    }

    @Test
    void settingsAndDataThatCannotWorkAreRefusedSayingWhatToDo() {
        try (NDManager m = NDManager.newBaseManager()) {
            BadInputException noHeld = assertThrows(
                    BadInputException.class, () -> Pix2PixGame.builder().build(m));
            assertTrue(noHeld.getMessage().contains("setHeldImages"), noHeld.getMessage());
            ImageSet grey = Greyscale.of(held);
            BadInputException notColour = assertThrows(
                    BadInputException.class, () -> small().setHeldImages(grey).build(m));
            assertTrue(notColour.getMessage().contains("3 channels"), notColour.getMessage());
            BadInputException tooDeep = assertThrows(
                    BadInputException.class, () -> small().optGenerator(8, 6).build(m));
            assertTrue(tooDeep.getMessage().contains("2^levels"), tooDeep.getMessage());
            BadInputException noLoss = assertThrows(
                    BadInputException.class,
                    () -> small().optL1Weight(0).optAdversarialWeight(0).build(m));
            assertTrue(noLoss.getMessage().contains("not both 0"), noLoss.getMessage());
            ImageSet mnist = TestPaths.mnist(32);
            BadInputException misfit = assertThrows(
                    BadInputException.class,
                    () -> GanTrainer.create(config(1), mnist, m, small()::build));
            assertTrue(misfit.getMessage().contains("1x28x28"), misfit.getMessage());
        }
    }

    @Test
    void aShortRunLowersItsL1AndTrainsBothNetworks() {
        int steps = 30;
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<Pix2PixGame> t =
                        GanTrainer.create(config(steps), cifar, m, small()::build)) {
            assertEquals(TrainListener.Outcome.FINISHED, t.fit());
            History h = t.history();
            double first = 0;
            double last = 0;
            for (int i = 0; i < 5; i++) {
                first += h.record(i).value("l1") / 5;
                last += h.record(steps - 5 + i).value("l1") / 5;
            }
            System.out.printf(
                    Locale.ROOT,
                    "pix2pix on CIFAR-10: L1 %.4f over steps 1-5, %.4f over"
                            + " the last 5; %d steps in %.1f s; last %s%n",
                    first,
                    last,
                    steps,
                    t.seconds(),
                    h.last().measuresText());
            assertTrue(last < 0.7 * first, "L1 " + first + " -> " + last);
            for (int i = 0; i < steps; i++) {
                StepRecord r = h.record(i);
                assertTrue(r.value("d_loss") > 0 && r.value("adversarial") > 0, r.toString());
                assertEquals(
                        100 * r.value("l1") + r.value("adversarial"),
                        r.value("g_loss"),
                        1e-3,
                        r.toString());
            }
        }
    }

    @Test
    void withoutTheAdversarialTermDIsNeitherTrainedNorAsked() {
        int steps = 4;
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<Pix2PixGame> t = GanTrainer.create(
                        config(steps), cifar, m, small().optAdversarialWeight(0)::build)) {
            float[] before = parameters(t.game().discriminator());
            t.fit();
            assertArrayEquals(before, parameters(t.game().discriminator()), 0f);
            for (int i = 0; i < steps; i++) {
                StepRecord r = t.history().record(i);
                assertEquals(0, r.value("d_loss"));
                assertEquals(0, r.value("adversarial"));
                assertEquals(100 * r.value("l1"), r.value("g_loss"), 1e-4);
            }
        }
    }

    /** Every parameter of {@code block}, one after another. */
    static float[] parameters(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (var p : block.getParameters().values()) {
            for (float v : p.getArray().toFloatArray()) {
                int bits = Float.floatToIntBits(v);
                bytes.write(bits >>> 24);
                bytes.write(bits >>> 16);
                bytes.write(bits >>> 8);
                bytes.write(bits);
            }
        }
        FloatBuffer f = ByteBuffer.wrap(bytes.toByteArray()).asFloatBuffer();
        float[] out = new float[f.remaining()];
        f.get(out);
        return out;
    }

    @Test
    void aResumedRunContinuesExactly(@TempDir Path tmp) {
        GameTest.assertResumesExactly(config(6), cifar, small()::build, 2, tmp);
    }
}
