package io.gankit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.gankit.data.DigitDomains;
import io.gankit.data.ImageSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CycleGAN trained by the one loop between grey MNIST digits (A) and MNIST-M-like ones (B): the
 * networks and the sample rows, the refusals, a short seeded run that lowers its cycle loss, and
 * exact resume from a checkpoint, pools included.
 */
class CycleGanGameTest {
    static ImageSet domainA;
    static ImageSet domainB;
    static ImageSet heldA;
    static ImageSet heldB;

    @BeforeAll
    static void load() {
        ImageSet backgrounds = Datasets.load(
                        "cifar10", Datasets.Split.TRAIN, TestPaths.dataFolder())
                .limit(2000);
        DigitDomains.Domains train =
                DigitDomains.unpaired(TestPaths.mnist(640), backgrounds, DigitDomains.SEED);
        domainA = train.a();
        domainB = train.b();
        ImageSet test = Datasets.load("mnist", Datasets.Split.TEST, TestPaths.dataFolder());
        DigitDomains.Domains held = DigitDomains.unpaired(test.limit(16), backgrounds, 1);
        heldA = held.a();
        heldB = held.b();
    }

    /** A teaching-size CycleGAN: 16 filters and 2 blocks, a 2-layer PatchGAN of 16. */
    static CycleGanGame.Builder small() {
        return CycleGanGame.builder()
                .setDomainB(domainB)
                .setHeldImages(heldA, heldB)
                .optGenerator(16, 2)
                .optDiscriminator(16, 2)
                .optSeed(3);
    }

    static TrainConfig config(long steps, int batch) {
        return TrainConfig.builder()
                .setDataset("mnist")
                .optBatchSize(batch)
                .optEpochs(10)
                .optMaxSteps(steps)
                .optSeed(3)
                .build();
    }

    @Test
    void fourNamedNetworksTranslateBothWaysAndTheSamplesShowSixRows() {
        try (NDManager m = NDManager.newBaseManager()) {
            CycleGanGame game = small().build(m);
            List<String> names =
                    List.of("generator-ab", "generator-ba", "discriminator-a", "discriminator-b");
            assertEquals(names, List.copyOf(game.networks().keySet()));
            assertEquals(names, List.copyOf(game.optimizers().keySet()));
            assertEquals(
                    List.of("pool-a", "pool-b"), List.copyOf(game.savedState().keySet()));
            assertEquals(
                    List.of("d_a_loss", "d_b_loss", "g_loss", "adversarial", "cycle", "identity"),
                    game.measures());
            assertTrue(game.signature().startsWith("cyclegan 3x28x28"), game.signature());
            assertEquals(50, game.poolA().capacity());

            NDArray a = heldA.batch(m, new int[] {0, 1});
            assertEquals(new Shape(2, 3, 28, 28), game.translateAB(a).getShape());
            assertEquals(new Shape(2, 3, 28, 28), game.translateBA(a).getShape());
            NDArray patches = game.discriminatorB()
                    .forward(new ParameterStore(m, false), new NDList(a), false)
                    .singletonOrThrow();
            assertEquals(new Shape(2, 1, 5, 5), patches.getShape(), "a 5 x 5 grid of patch logits");

            NDArray samples = game.samples(m);
            assertEquals(new Shape(48, 3, 28, 28), samples.getShape());
            assertEquals(8, game.sampleColumns(48), "a column per held image");
            int[] all = {0, 1, 2, 3, 4, 5, 6, 7};
            NDArray realA = heldA.batch(m, all);
            NDArray realB = heldB.batch(m, all);
            NDArray ab = game.translateAB(realA);
            NDArray ba = game.translateBA(realB);
            float[][] rows = {
                realA.toFloatArray(),
                ab.toFloatArray(),
                game.translateBA(ab).toFloatArray(),
                realB.toFloatArray(),
                ba.toFloatArray(),
                game.translateAB(ba).toFloatArray()
            };
            String[] what = {"A", "G_AB(A)", "G_BA(G_AB(A))", "B", "G_BA(B)", "G_AB(G_BA(B))"};
            for (int r = 0; r < 6; r++) {
                assertArrayEquals(
                        rows[r],
                        samples.get("{}:{}", 8 * r, 8 * r + 8).toFloatArray(),
                        "row " + (r + 1) + " is " + what[r]);
            }
            BadInputException grey = assertThrows(
                    BadInputException.class,
                    () -> game.translateAB(m.zeros(new Shape(2, 1, 28, 28))));
            assertTrue(grey.getMessage().contains("(n, 3, 28, 28)"), grey.getMessage());
        }
    }

    @Test
    void settingsAndDataThatCannotWorkAreRefusedSayingWhatToDo() {
        try (NDManager m = NDManager.newBaseManager()) {
            BadInputException noB = assertThrows(
                    BadInputException.class,
                    () -> CycleGanGame.builder().setHeldImages(heldA, heldB).build(m));
            assertTrue(noB.getMessage().contains("setDomainB"), noB.getMessage());
            BadInputException noHeld = assertThrows(
                    BadInputException.class,
                    () -> CycleGanGame.builder().setDomainB(domainB).build(m));
            assertTrue(noHeld.getMessage().contains("setHeldImages"), noHeld.getMessage());
            BadInputException uneven = assertThrows(
                    BadInputException.class,
                    () -> small().setHeldImages(heldA, heldB.limit(3)).build(m));
            assertTrue(uneven.getMessage().contains("as many of each"), uneven.getMessage());
            ImageSet greyHeld = TestPaths.mnist(8);
            BadInputException shape = assertThrows(
                    BadInputException.class,
                    () -> small().setHeldImages(greyHeld, heldB).build(m));
            assertTrue(shape.getMessage().contains("one shape"), shape.getMessage());
            BadInputException deep = assertThrows(
                    BadInputException.class,
                    () -> small().optDiscriminator(16, 4).build(m));
            assertTrue(deep.getMessage().contains("fewer layers"), deep.getMessage());
            BadInputException weight = assertThrows(
                    BadInputException.class, () -> small().optCycleWeight(-1).build(m));
            assertTrue(weight.getMessage().contains("cycle weight"), weight.getMessage());
            BadInputException pool = assertThrows(
                    BadInputException.class, () -> small().optPoolSize(-2).build(m));
            assertTrue(pool.getMessage().contains("optPoolSize"), pool.getMessage());
            BadInputException misfit = assertThrows(
                    BadInputException.class,
                    () -> GanTrainer.create(config(1, 8), TestPaths.mnist(64), m, small()::build));
            assertTrue(
                    misfit.getMessage().contains("1x28x28")
                            && misfit.getMessage().contains("greyRgb"),
                    misfit.getMessage());
        }
    }

    @Test
    void aShortSeededRunLowersItsCycleLoss() {
        int steps = 60;
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<CycleGanGame> t =
                        GanTrainer.create(config(steps, 8), domainA, m, small()::build)) {
            assertEquals(TrainListener.Outcome.FINISHED, t.fit());
            History h = t.history();
            assertEquals(steps, h.size());
            double first = 0;
            double last = 0;
            for (int i = 0; i < 10; i++) {
                first += h.record(i).value("cycle") / 10;
                last += h.record(steps - 10 + i).value("cycle") / 10;
            }
            System.out.printf(
                    Locale.ROOT,
                    "CycleGAN, MNIST <-> MNIST-M-like, 16 filters x 2 blocks, batch 8: cycle L1"
                            + " %.4f over steps 1-10, %.4f over steps %d-%d; %d steps in %.1f s"
                            + " (%.0f ms a step); last step %s%n",
                    first,
                    last,
                    steps - 9,
                    steps,
                    steps,
                    t.seconds(),
                    1000 * t.seconds() / steps,
                    h.last().measuresText());
            assertTrue(last < 0.6 * first, "cycle L1 " + first + " -> " + last);
            for (int i = 0; i < steps; i++) {
                StepRecord r = h.record(i);
                for (double v : r.values()) {
                    assertTrue(Double.isFinite(v), r.toString());
                }
                assertTrue(r.value("d_a_loss") > 0 && r.value("d_b_loss") > 0, r.toString());
                assertEquals(
                        r.value("adversarial") + 10 * r.value("cycle") + 5 * r.value("identity"),
                        r.value("g_loss"),
                        1e-4 * r.value("g_loss"),
                        "G's loss is adversarial + 10 cycle + 10 x 0.5 identity: " + r);
            }
            assertEquals(50, t.game().poolA().size(), "the pools filled");
            assertEquals(50, t.game().poolB().size());
        }
    }

    @Test
    void withoutItsWeightTheIdentityLossIsMeasuredNotTrained() {
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<CycleGanGame> t = GanTrainer.create(
                        config(2, 4), domainA, m, small().optIdentityWeight(0)::build)) {
            t.fit();
            for (StepRecord r : List.of(t.history().record(0), t.history().last())) {
                assertTrue(r.value("identity") > 0, r.toString());
                assertEquals(
                        r.value("adversarial") + 10 * r.value("cycle"),
                        r.value("g_loss"),
                        1e-4 * r.value("g_loss"),
                        r.toString());
            }
        }
    }

    @Test
    void aResumedRunContinuesExactlyPoolsIncluded(@TempDir Path tmp) {
        int steps = 8;
        // pools of 6 with batches of 4: full after two steps, so later steps swap from them
        CycleGanGame.Builder builder = small().optPoolSize(6);
        double[][] whole;
        float[] wholeSamples;
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<CycleGanGame> t =
                        GanTrainer.create(config(steps, 4), domainA, m, builder::build)) {
            t.fit();
            whole = GameTest.rows(t.history());
            wholeSamples = t.game().samples(m).toFloatArray();
        }
        Path checkpoint;
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<CycleGanGame> t =
                        GanTrainer.create(config(steps, 4), domainA, m, builder::build)) {
            for (int i = 0; i < 4; i++) {
                t.step();
            }
            checkpoint = Checkpoint.save(t, tmp, 2);
            t.step(); // never saved: redone after the resume, and it changed the pools
        }
        for (String name :
                List.of("generator-ab", "generator-ba", "discriminator-a", "discriminator-b")) {
            assertTrue(Files.isRegularFile(checkpoint.resolve(name + ".params")), name);
            assertTrue(Files.isRegularFile(checkpoint.resolve("adam-" + name + ".bin")), name);
        }
        for (String pool : List.of("state-pool-a.bin", "state-pool-b.bin")) {
            assertTrue(Files.isRegularFile(checkpoint.resolve(pool)), pool + " missing");
        }
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<CycleGanGame> t =
                        GanTrainer.create(config(steps, 4), domainA, m, builder::build)) {
            Checkpoint.restore(t, checkpoint);
            assertEquals(4, t.stepsDone());
            assertEquals(6, t.game().poolA().size(), "the pool came back full");
            t.fit();
            double[][] resumed = GameTest.rows(t.history());
            assertEquals(whole.length, resumed.length);
            for (int i = 0; i < whole.length; i++) {
                assertArrayEquals(whole[i], resumed[i], 0.0, "step " + (i + 1));
            }
            assertArrayEquals(wholeSamples, t.game().samples(m).toFloatArray(), 0f);
        }
        // a checkpoint without the pools' state is refused by name, not resumed inexactly
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<CycleGanGame> t =
                        GanTrainer.create(config(steps, 4), domainA, m, builder::build)) {
            Files.delete(checkpoint.resolve("state-pool-b.bin"));
            BadInputException e =
                    assertThrows(BadInputException.class, () -> Checkpoint.restore(t, checkpoint));
            assertTrue(e.getMessage().contains("state-pool-b.bin"), e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
