package io.gankit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gankit.BadInputException;
import io.gankit.TestPaths;
import io.gankit.data.Datasets;
import io.gankit.data.ImageSet;
import io.gankit.data.Pyramid;
import io.gankit.nn.Upsample2x;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LAPGAN through the one loop: the sampling chain adds residuals to upsampled images, the levels
 * train one after another and only the level in training changes, each level's weight average by
 * hand, refusals, exact resume across a level boundary.
 */
class LapganGameTest {
    static ImageSet cifar;

    @BeforeAll
    static void load() {
        cifar = Datasets.load("cifar10", Datasets.Split.TRAIN, TestPaths.dataFolder())
                .limit(320);
    }

    static LapganGame.Builder small() {
        return LapganGame.builder()
                .optBase(16, 64)
                .optFilters(8)
                .optStepsPerLevel(3)
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
    void theChainAddsEachGeneratedResidualToTheUpsampledCoarserImage() {
        try (NDManager m = NDManager.newBaseManager()) {
            LapganGame game = small().build(m);
            assertEquals(
                    List.of(
                            "generator-8",
                            "discriminator-8",
                            "generator-16",
                            "discriminator-16",
                            "generator-32",
                            "discriminator-32"),
                    List.copyOf(game.networks().keySet()));
            assertEquals(game.networks().keySet(), game.optimizers().keySet());
            assertTrue(game.signature().startsWith("LAPGAN 3x32x32, 3 levels from 8x8"));
            NDList chain = game.chain(m, 4, new SplittableRandom(1));
            assertEquals(5, chain.size());
            int[] sides = {8, 16, 16, 32, 32};
            for (int i = 0; i < 5; i++) {
                assertEquals(new Shape(4, 3, sides[i], sides[i]), chain.get(i).getShape());
            }
            // the base is a Tanh image; each upsampled picture is the previous one, doubled
            float[] base = chain.get(0).toFloatArray();
            assertTrue(Arrays.stream(toDoubles(base)).allMatch(v -> v >= -1 && v <= 1));
            assertArrayEquals(
                    Pyramid.up(chain.get(0)).toFloatArray(), chain.get(1).toFloatArray(), 0f);
            assertArrayEquals(
                    Pyramid.up(chain.get(2)).toFloatArray(), chain.get(3).toFloatArray(), 0f);
            // the residual is G's: the picture changes when it is added
            assertFalse(Arrays.equals(chain.get(1).toFloatArray(), chain.get(2).toFloatArray()));
            // generate is the chain's last picture for the same noise, clipped to [-1, 1]
            assertArrayEquals(
                    chain.get(4).clip(-1, 1).toFloatArray(),
                    game.generate(m, 4, new SplittableRandom(1)).toFloatArray(),
                    0f);
            // samples: a row per picture of the chain, 8 columns, each enlarged to 32x32
            NDArray samples = game.samples(m);
            assertEquals(new Shape(40, 3, 32, 32), samples.getShape());
            assertEquals(8, game.sampleColumns(40));
            assertEquals(List.of("8x8", "up 16", "+res 16", "up 32", "+res 32"), game.sampleRows());
            NDArray again = game.samples(m);
            assertArrayEquals(samples.toFloatArray(), again.toFloatArray(), 0f);
            NDList fixed = game.chain(m, 8, new SplittableRandom(5 ^ 0x5eed5a3b1e5L));
            NDArray base4x = Upsample2x.apply(Upsample2x.apply(fixed.get(0)));
            assertArrayEquals(base4x.toFloatArray(), samples.get("0:8").toFloatArray(), 0f);
        }
    }

    private static double[] toDoubles(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    @Test
    void levelsTrainOneAfterAnotherAndOnlyTheLevelInTrainingChanges() {
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<LapganGame> t = GanTrainer.create(config(9), cifar, m, small()::build)) {
            LapganGame game = t.game();
            float[][] before = snapshot(game);
            for (int level = 0; level < 3; level++) {
                for (int s = 0; s < 3; s++) {
                    t.step();
                }
                float[][] after = snapshot(game);
                for (int k = 0; k < 3; k++) {
                    for (int role = 0; role < 2; role++) {
                        boolean changed = !Arrays.equals(before[2 * k + role], after[2 * k + role]);
                        assertEquals(
                                k == level,
                                changed,
                                "network " + (2 * k + role) + " while level " + level + " trains");
                    }
                }
                before = after;
            }
            History h = t.history();
            assertEquals(9, h.size());
            for (int i = 0; i < 9; i++) {
                StepRecord r = h.record(i);
                assertEquals(i / 3, r.value("level"), r.toString());
                assertTrue(Double.isFinite(r.value("d_loss")) && r.value("d_loss") > 0);
                assertTrue(r.value("d_real") > 0 && r.value("d_real") < 1, r.toString());
                assertTrue(r.value("d_fake") > 0 && r.value("d_fake") < 1, r.toString());
            }
            // after the last level's share the finest level keeps training
            assertEquals(2, game.levelAt(100));
            assertEquals(0, game.levelAt(3));
            assertEquals(1, game.levelAt(4));
        }
    }

    /** Each network's parameters, in {@code networks()} order. */
    private static float[][] snapshot(LapganGame game) {
        return game.networks().values().stream()
                .map(Pix2PixGameTest::parameters)
                .toArray(float[][]::new);
    }

    @Test
    void settingsAndDataThatCannotWorkAreRefusedSayingWhatToDo() {
        try (NDManager m = NDManager.newBaseManager()) {
            BadInputException tooDeep = assertThrows(
                    BadInputException.class, () -> small().optLevels(6).build(m));
            assertTrue(
                    tooDeep.getMessage().contains("6 levels on 3x32x32")
                            && tooDeep.getMessage().contains("base of at least 2 pixels"),
                    tooDeep.getMessage());
            assertThrows(BadInputException.class, () -> small().optLevels(1).build(m));
            BadInputException steps = assertThrows(
                    BadInputException.class, () -> small().optStepsPerLevel(0).build(m));
            assertTrue(steps.getMessage().contains("0 steps per level"), steps.getMessage());
            BadInputException adam = assertThrows(
                    BadInputException.class,
                    () -> small().optAdam(2e-4, 1, 0.999).build(m));
            assertTrue(adam.getMessage().contains("betas in [0, 1)"), adam.getMessage());
            ImageSet mnist = TestPaths.mnist(32);
            BadInputException misfit = assertThrows(
                    BadInputException.class,
                    () -> GanTrainer.create(config(1), mnist, m, small()::build));
            assertTrue(
                    misfit.getMessage().contains("1x28x28")
                            && misfit.getMessage().contains("3x32x32"),
                    misfit.getMessage());
        }
    }

    @Test
    void eachLevelsWeightAverageFollowsItsGeneratorByHand() {
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<LapganGame> t =
                        GanTrainer.create(config(9), cifar, m, small().optAverage(0.9)::build)) {
            LapganGame game = t.game();
            // the ramp (1 + t) / (10 + t), capped at the decay set
            assertEquals(2.0 / 11, game.averageDecay(1), 1e-12);
            assertEquals(3.0 / 12, game.averageDecay(2), 1e-12);
            assertEquals(0.9, game.averageDecay(1_000), 1e-12);
            var nets = game.networks();
            assertEquals(
                    List.of(
                            "generator-8",
                            "discriminator-8",
                            "generator-8-ema",
                            "generator-16",
                            "discriminator-16",
                            "generator-16-ema",
                            "generator-32",
                            "discriminator-32",
                            "generator-32-ema"),
                    List.copyOf(nets.keySet()));
            float[] g0 = Pix2PixGameTest.parameters(nets.get("generator-8"));
            assertArrayEquals(g0, Pix2PixGameTest.parameters(nets.get("generator-8-ema")));
            float[] average = g0;
            for (int step = 1; step <= 2; step++) {
                t.step(); // the base level
                float[] trained = Pix2PixGameTest.parameters(nets.get("generator-8"));
                double d = game.averageDecay(step);
                float[] expected = new float[trained.length];
                for (int i = 0; i < trained.length; i++) {
                    expected[i] = (float) (d * average[i] + (1 - d) * trained[i]);
                }
                assertArrayEquals(
                        expected,
                        Pix2PixGameTest.parameters(nets.get("generator-8-ema")),
                        1e-6f,
                        "after step " + step);
                average = expected;
            }
            // the finer levels have not trained: their averages are still their generators
            for (String level : List.of("16", "32")) {
                assertArrayEquals(
                        Pix2PixGameTest.parameters(nets.get("generator-" + level)),
                        Pix2PixGameTest.parameters(nets.get("generator-" + level + "-ema")));
            }
            // the game samples the averages; sampler(false) the trained generators
            assertTrue(game.keepsAverage());
            assertTrue(game.sampler(true) == game);
            float[] averaged = game.generate(m, 4, new SplittableRandom(3)).toFloatArray();
            float[] raw =
                    game.sampler(false).generate(m, 4, new SplittableRandom(3)).toFloatArray();
            assertFalse(Arrays.equals(averaged, raw), "the average draws other images");
            assertTrue(game.description().contains("weight-averaged"), game.description());
        }
    }

    @Test
    void withoutAnAverageTheTrainedGeneratorsSampleAndAnAverageIsRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            LapganGame game = small().build(m);
            assertFalse(game.keepsAverage());
            assertTrue(game.sampler(false) == game);
            assertTrue(game.networks().keySet().stream().noneMatch(n -> n.endsWith("-ema")));
            BadInputException none =
                    assertThrows(BadInputException.class, () -> game.sampler(true));
            assertTrue(none.getMessage().contains("optAverage"), none.getMessage());
            BadInputException decay = assertThrows(
                    BadInputException.class, () -> small().optAverage(1).build(m));
            assertTrue(decay.getMessage().contains("decay of 1.0"), decay.getMessage());
        }
    }

    @Test
    void aResumedRunContinuesExactlyAcrossALevelBoundary(@TempDir Path tmp) {
        // steps 1-3 train the base level, 4-6 level 1: resumed after step 2, the run crosses over;
        // the weight averages (which draw the final samples) come back as they were
        GameTest.assertResumesExactly(config(6), cifar, small().optAverage(0.9)::build, 2, tmp);
    }
}
