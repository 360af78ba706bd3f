package io.gankit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gankit.BadInputException;
import io.gankit.TestPaths;
import io.gankit.data.Datasets;
import io.gankit.data.ImageSet;
import io.gankit.nn.StyleGan;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * StyleGAN through the one loop: what one step changes (D, G, the weight average, R1 every k-th
 * step), the average's decay by hand, truncation at 0 draws the mean style, the style-mixing grid
 * takes coarse styles from its rows and fine ones from its columns, refusals, exact resume.
 */
class StyleGanGameTest {
    static ImageSet cifar;

    @BeforeAll
    static void load() {
        cifar = Datasets.load("cifar10", Datasets.Split.TRAIN, TestPaths.dataFolder())
                .limit(160);
    }

    static StyleGanGame.Builder small() {
        return StyleGanGame.builder()
                .optMapping(16, 16, 2)
                .optWidth(16)
                .optR1(0.01, 2)
                .optSamples(8)
                .optSeed(5);
    }

    static TrainConfig config(long steps) {
        return TrainConfig.builder()
                .setDataset("cifar10")
                .optBatchSize(8)
                .optEpochs(10)
                .optMaxSteps(steps)
                .optSeed(5)
                .build();
    }

    @Test
    void aStepTrainsDAndGTheAverageFollowsAndR1IsMeasuredEverySecondStep() {
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<StyleGanGame> t =
                        GanTrainer.create(config(4), cifar, m, small()::build)) {
            StyleGanGame game = t.game();
            assertEquals(
                    List.of(
                            "mapping",
                            "synthesis",
                            "discriminator",
                            "mapping-ema",
                            "synthesis-ema"),
                    List.copyOf(game.networks().keySet()));
            assertEquals(
                    List.of("mapping", "synthesis", "discriminator"),
                    List.copyOf(game.optimizers().keySet()));
            float[][] before = snapshot(game);
            // the average starts as G
            assertArrayEquals(before[0], before[3]);
            assertArrayEquals(before[1], before[4]);
            t.step();
            float[][] after = snapshot(game);
            for (int k = 0; k < 5; k++) {
                assertFalse(Arrays.equals(before[k], after[k]), "network " + k + " moved");
            }
            // the average moved a share of G's way: decay 0.5^(8 / (0.05 * 8)) after step 1
            double decay = game.averageDecay(1, 8);
            assertEquals(Math.pow(0.5, 20), decay, 1e-15);
            for (int i = 0; i < after[1].length; i += 97) {
                double expected = decay * before[4][i] + (1 - decay) * after[1][i];
                assertEquals(expected, after[4][i], 1e-5, "synthesis weight " + i);
            }
            // the trained G samples apart from its average once they differ
            float[] averaged =
                    game.sampler(true).generate(m, 4, new SplittableRandom(3)).toFloatArray();
            float[] trained =
                    game.sampler(false).generate(m, 4, new SplittableRandom(3)).toFloatArray();
            assertArrayEquals(
                    averaged, game.generate(m, 4, new SplittableRandom(3)).toFloatArray(), 0f);
            assertFalse(Arrays.equals(averaged, trained), "the trained G is not its average");
            t.fit();
            History h = t.history();
            assertEquals(4, h.size());
            assertEquals(0, h.record(0).value("r1"), "no R1 before the second step");
            double second = h.record(1).value("r1");
            assertTrue(second > 0 && Double.isFinite(second), "R1 at step 2: " + second);
            assertEquals(second, h.record(2).value("r1"), "carried through step 3");
            assertTrue(h.record(3).value("r1") != second, "measured again at step 4");
            for (int i = 0; i < 4; i++) {
                StepRecord r = h.record(i);
                assertTrue(r.value("d_loss") > 0 && r.value("g_loss") > 0, r.toString());
                assertTrue(r.value("d_real") > 0 && r.value("d_real") < 1, r.toString());
            }
        }
    }

    private static float[][] snapshot(StyleGanGame game) {
        return game.networks().values().stream()
                .map(Pix2PixGameTest::parameters)
                .toArray(float[][]::new);
    }

    @Test
    void theAveragesHalfLifeRampsUpToTenThousandImages() {
        try (NDManager m = NDManager.newBaseManager()) {
            StyleGanGame game = small().build(m);
            // 5% of the images seen, until that passes 10,000
            assertEquals(Math.pow(0.5, 32.0 / (0.05 * 3200)), game.averageDecay(100, 32), 1e-15);
            assertEquals(Math.pow(0.5, 32.0 / 10_000), game.averageDecay(100_000, 32), 1e-15);
            StyleGanGame none = small().optAverage(0).build(m);
            assertFalse(none.keepsAverage());
            assertEquals(
                    List.of("mapping", "synthesis", "discriminator"),
                    List.copyOf(none.networks().keySet()));
        }
    }

    @Test
    void truncationAtZeroDrawsTheMeanStyleForEveryLatent() {
        try (NDManager m = NDManager.newBaseManager()) {
            StyleGanGame game = small().build(m);
            double[] psis = {0, 0.5, 1};
            NDArray sweep = game.truncationSweep(m, 3, psis, 7);
            assertEquals(new Shape(9, 3, 32, 32), sweep.getShape());
            // column psi = 0: the three rows draw the same image, the mean style's
            float[] first = sweep.get(0).toFloatArray();
            assertArrayEquals(first, sweep.get(3).toFloatArray(), 1e-5f);
            assertArrayEquals(first, sweep.get(6).toFloatArray(), 1e-5f);
            NDArray mean = game.meanStyle(m);
            NDArray ofMean = game.imagesOfStyles(mean, 1, new SplittableRandom(1));
            NDArray atZero = game.imagesOfStyles(
                    game.style(game.latents(m, 1, new SplittableRandom(9))),
                    0,
                    new SplittableRandom(1));
            assertArrayEquals(ofMean.toFloatArray(), atZero.toFloatArray(), 1e-5f);
            // column psi = 1: the rows differ
            assertFalse(Arrays.equals(sweep.get(2).toFloatArray(), sweep.get(5).toFloatArray()));
            NDArray path = game.interpolation(m, 2, 5, 3);
            assertEquals(new Shape(10, 3, 32, 32), path.getShape());
        }
    }

    @Test
    void theMixingGridTakesCoarseStylesFromItsRowsAndFineOnesFromItsColumns() {
        try (NDManager m = NDManager.newBaseManager()) {
            StyleGanGame game = small().build(m);
            int layers = game.styleLayers();
            assertEquals(8, layers);
            NDArray grid = game.mixingGrid(m, 2, 3, 4, 11);
            assertEquals(new Shape(12, 3, 32, 32), grid.getShape());
            assertTrue(grid.get(0).eq(-1).all().getBoolean(), "the corner is black");
            // the same styles built by hand: rows' latents first, then the columns'
            SplittableRandom random = new SplittableRandom(11);
            NDArray rows = game.style(game.latents(m, 2, random));
            NDArray columns = game.style(game.latents(m, 3, random));
            NDArray cell = StyleGan.mix(rows.get("1:2"), columns.get("2:3"), new int[] {4}, layers);
            NDArray column = StyleGan.broadcast(columns.get("2:3"), layers);
            NDArray row = StyleGan.broadcast(rows.get("1:2"), layers);
            // cell (row 2, column 3) is index 2 * 4 + 3; the first row's column 3 is index 3 and
            // the first column's row 2 index 8
            assertArrayEquals(
                    game.synthesiseSharingNoise(cell, 11).toFloatArray(),
                    grid.get("11:12").toFloatArray(),
                    1e-5f);
            assertArrayEquals(
                    game.synthesiseSharingNoise(column, 11).toFloatArray(),
                    grid.get("3:4").toFloatArray(),
                    1e-5f);
            assertArrayEquals(
                    game.synthesiseSharingNoise(row, 11).toFloatArray(),
                    grid.get("8:9").toFloatArray(),
                    1e-5f);
            assertFalse(
                    Arrays.equals(grid.get(11).toFloatArray(), grid.get(3).toFloatArray()),
                    "mixing changes the image");
            BadInputException cut =
                    assertThrows(BadInputException.class, () -> game.mixingGrid(m, 2, 2, 8, 1));
            assertTrue(cut.getMessage().contains("cut in 1..7"), cut.getMessage());
        }
    }

    @Test
    void settingsAndDataThatCannotWorkAreRefusedSayingWhatToDo() {
        try (NDManager m = NDManager.newBaseManager()) {
            BadInputException side = assertThrows(
                    BadInputException.class, () -> small().setImages(1, 28).build(m));
            assertTrue(side.getMessage().contains("28x28"), side.getMessage());
            BadInputException psi = assertThrows(
                    BadInputException.class, () -> small().optTruncation(1.5).build(m));
            assertTrue(psi.getMessage().contains("truncation 1.5"), psi.getMessage());
            ImageSet mnist = TestPaths.mnist(32);
            BadInputException misfit = assertThrows(
                    BadInputException.class,
                    () -> GanTrainer.create(config(1), mnist, m, small()::build));
            assertTrue(misfit.getMessage().contains("1x28x28"), misfit.getMessage());
        }
    }

    @Test
    void aResumedRunContinuesExactly(@TempDir Path tmp) {
        GameTest.assertResumesExactly(config(5), cifar, small()::build, 3, tmp);
    }
}
