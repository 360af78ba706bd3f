package io.gankit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.gankit.BadInputException;
import io.gankit.TestPaths;
import io.gankit.data.ImageSet;
import io.gankit.nn.ModelSpec;
import io.gankit.nn.WeightAverage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GanTrainerTest {
    static ImageSet mnist;

    @BeforeAll
    static void load() {
        mnist = TestPaths.mnist(2048);
    }

    static TrainConfig small(long seed) {
        return TrainConfig.builder()
                .optBatchSize(64)
                .optSeed(seed)
                .optMaxSteps(12)
                .optEpochs(1)
                .build();
    }

    static List<float[]> snapshot(Block block) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    static boolean same(List<float[]> a, List<float[]> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void discriminatorUpdateLeavesGeneratorAndGeneratorUpdateLeavesDiscriminator() {
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<GanGame> t = GanTrainer.create(small(1), mnist, m)) {
            t.step(); // gradients exist from here on; a stale D gradient would show in step 2
            List<float[]> gBefore = snapshot(t.game().gan().generator());
            List<float[]> dBefore = snapshot(t.game().gan().discriminator());
            List<List<float[]>> between = new ArrayList<>();
            t.game().betweenUpdates = () -> {
                between.add(snapshot(t.game().gan().generator()));
                between.add(snapshot(t.game().gan().discriminator()));
            };
            t.step();
            List<float[]> gAfterD = between.get(0);
            List<float[]> dAfterD = between.get(1);
            assertTrue(same(gBefore, gAfterD), "the D update changed G");
            assertFalse(same(dBefore, dAfterD), "the D update did not change D");
            List<float[]> dAfterG = snapshot(t.game().gan().discriminator());
            List<float[]> gAfterG = snapshot(t.game().gan().generator());
            assertTrue(same(dAfterD, dAfterG), "the G update changed D");
            assertFalse(same(gAfterD, gAfterG), "the G update did not change G");
        }
    }

    @Test
    void sameSeedGivesTheSameHistoryAndAnotherSeedDoesNot() {
        double[][] a = run(small(7));
        double[][] b = run(small(7));
        double[][] c = run(small(8));
        assertEquals(12, a.length);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], 0.0, "step " + (i + 1));
        }
        assertNotEquals(a[0][0], c[0][0]);
    }

    static double[][] run(TrainConfig config) {
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<GanGame> t = GanTrainer.create(config, mnist, m)) {
            assertEquals(TrainListener.Outcome.FINISHED, t.fit());
            History h = t.history();
            double[][] rows = new double[h.size()][];
            for (int i = 0; i < h.size(); i++) {
                StepRecord r = h.record(i);
                rows[i] = new double[] {
                    r.value("d_loss"), r.value("g_loss"), r.value("d_real"), r.value("d_fake")
                };
            }
            return rows;
        }
    }

    @Test
    void firstStepLossesAreNearTheirUntrainedValues() {
        // An untrained D outputs about 1/2, so its loss is about log 4 and G's about log 2.
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<GanGame> t = GanTrainer.create(small(3), mnist, m)) {
            StepRecord r = t.step();
            assertEquals(Math.log(4), r.value("d_loss"), 0.2);
            assertEquals(Math.log(2), r.value("g_loss"), 0.2);
            assertEquals(0.5, r.value("d_real"), 0.1);
            assertEquals(0.5, r.value("d_fake"), 0.1);
            assertEquals(1, r.step());
            assertEquals(1, r.epoch());
        }
    }

    @Test
    void imagesOfTheWrongSizeAreRefused() {
        TrainConfig config = TrainConfig.builder()
                .setModel(new ModelSpec("mlp", 100, 3, 32, 32, 0))
                .build();
        try (NDManager m = NDManager.newBaseManager()) {
            BadInputException e = assertThrows(
                    BadInputException.class, () -> GanTrainer.create(config, mnist, m));
            assertTrue(
                    e.getMessage().contains("1x28x28") && e.getMessage().contains("3x32x32"),
                    e.getMessage());
        }
    }

    @Test
    void aDivergingRunStopsNamingTheStepWithoutApplyingTheUpdate() {
        TrainConfig config = TrainConfig.builder()
                .optBatchSize(64)
                .optMaxSteps(50)
                .optLearningRate(1e30)
                .build();
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<GanGame> t = GanTrainer.create(config, mnist, m)) {
            DivergenceException e = assertThrows(DivergenceException.class, t::fit);
            assertTrue(e.getMessage().contains("step " + e.step()), e.getMessage());
            assertEquals(e.step() - 1, t.stepsDone());
            for (Pair<String, Parameter> p : t.game().gan().discriminator().getParameters()) {
                for (float v : p.getValue().getArray().toFloatArray()) {
                    assertTrue(Float.isFinite(v), "non-finite D parameter kept");
                }
            }
        }
    }

    @Test
    void theWeightAverageIsRampedUpOverTheFirstStepsByHand() {
        // at decay 0.999 the first update weighs the initial G by min(0.999, 2 / 11), not 0.999
        TrainConfig config = small(5).toBuilder().optEmaDecay(0.999).build();
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<GanGame> t = GanTrainer.create(config, mnist, m)) {
            List<float[]> before = snapshot(t.game().gan().generator());
            t.step();
            List<float[]> after = snapshot(t.game().gan().generator());
            List<float[]> average =
                    snapshot(t.game().averagedGan().orElseThrow().generator());
            double d = 2.0 / 11;
            assertEquals(d, WeightAverage.rampedDecay(0.999, 1), 1e-15);
            assertEquals(0.999, WeightAverage.rampedDecay(0.999, 9_000), 1e-15);
            for (int p = 0; p < average.size(); p++) {
                for (int i = 0; i < average.get(p).length; i++) {
                    double byHand = d * before.get(p)[i] + (1 - d) * after.get(p)[i];
                    assertEquals(byHand, average.get(p)[i], 1e-5 + 1e-5 * Math.abs(byHand));
                }
            }
        }
    }

    @Test
    void theWeightAverageOfGFollowsGIsCheckpointedAndResumesExactly(
            @org.junit.jupiter.api.io.TempDir Path tmp) {
        TrainConfig config = small(5).toBuilder().optEmaDecay(0.9).build();
        List<float[]> whole;
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<GanGame> t = GanTrainer.create(config, mnist, m)) {
            List<float[]> start = snapshot(t.game().averagedGan().orElseThrow().generator());
            assertTrue(
                    same(start, snapshot(t.game().gan().generator())), "the average starts at G");
            t.fit();
            whole = snapshot(t.game().averagedGan().orElseThrow().generator());
            assertFalse(same(start, whole), "the average did not move");
            assertFalse(
                    same(whole, snapshot(t.game().gan().generator())), "the average is G itself");
        }
        Path checkpoint;
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<GanGame> t = GanTrainer.create(config, mnist, m)) {
            for (int i = 0; i < 5; i++) {
                t.step();
            }
            checkpoint = Checkpoint.save(t, tmp, 2);
        }
        assertTrue(Files.isRegularFile(checkpoint.resolve("generator-ema.params")));
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<GanGame> t = GanTrainer.create(config, mnist, m)) {
            Checkpoint.restore(t, checkpoint);
            t.fit();
            assertTrue(
                    same(whole, snapshot(t.game().averagedGan().orElseThrow().generator())),
                    "a resumed run's average differs from an uninterrupted one's");
        }
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<GanGame> t = GanTrainer.create(small(5), mnist, m)) {
            assertTrue(t.game().averagedGan().isEmpty(), "no average unless asked for");
            assertFalse(t.game().keepsAverage());
            assertTrue(t.game().sampler(false) == t.game().gan());
            BadInputException none =
                    assertThrows(BadInputException.class, () -> t.game().sampler(true));
            assertTrue(none.getMessage().contains("emaDecay"), none.getMessage());
        }
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<GanGame> t = GanTrainer.create(config, mnist, m)) {
            assertTrue(t.game().keepsAverage());
            assertTrue(t.game().sampler(true) == t.game().averagedGan().orElseThrow());
        }
    }
}
