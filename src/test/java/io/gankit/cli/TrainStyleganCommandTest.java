package io.gankit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import io.gankit.TestPaths;
import io.gankit.data.Datasets;
import io.gankit.metrics.DomainClassifier;
import io.gankit.train.Checkpoint;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./gankit train --model stylegan}: a few steps on CIFAR-10 write the run folder with the
 * mapping, synthesis and averaged networks, StyleGAN's measures and its end pictures, are scored
 * while they train, resume from their own settings and are scored by {@code ./gankit evaluate};
 * flags that cannot apply are refused first.
 */
class TrainStyleganCommandTest {
    @Test
    void aRunTrainsIsScoredWhileItTrainsResumesAndIsEvaluated(@TempDir Path tmp) throws Exception {
        Path cache = tmp.resolve("cache");
        try (DomainClassifier c = DomainClassifier.train(
                "cifar10-cnn",
                Datasets.load("cifar10", Datasets.Split.TRAIN, TestPaths.dataFolder())
                        .limit(256),
                1,
                1,
                null)) {
            c.save(DomainClassifier.cacheFile(cache, "cifar10"));
        }
        Path run = tmp.resolve("style");
        List<String> args =
                new ArrayList<>(TrainLapganCommandTest.common(run, TrainCommand.STYLEGAN));
        args.addAll(List.of(
                "--max-steps",
                "2",
                "--latent",
                "20",
                "--score-every",
                "1",
                "--score-samples",
                "20"));
        assertEquals(
                0,
                new TrainCommand(cache).run(TrainCommand.FLAGS.parse(args.toArray(String[]::new))));
        for (String file : List.of(
                "config.json",
                "stylegan.json",
                "history.csv",
                "samples/final.png",
                "mapping.params",
                "synthesis.params",
                "discriminator.params",
                "mapping-ema.params",
                "synthesis-ema.params",
                "summary.json")) {
            assertTrue(Files.isRegularFile(run.resolve(file)), file);
        }
        // the end pictures: 32x32 images drawn twice, 2 pixels between them, in their grids' shapes
        assertGrid(run.resolve("style-mixing.png"), 7, 6);
        assertGrid(run.resolve("truncation.png"), 5, 6);
        assertGrid(run.resolve("interpolation.png"), 8, 4);
        List<String> history = Files.readAllLines(run.resolve("history.csv"));
        assertEquals("step,epoch,d_loss,g_loss,d_real,d_fake,r1,seconds", history.get(0));
        assertEquals(3, history.size());
        String config = Files.readString(run.resolve("config.json"));
        assertTrue(config.contains("\"latent\": 20") && config.contains("\"beta1\": 0.0"), config);
        List<String> scores = Files.readAllLines(run.resolve("scores.csv"));
        assertEquals(4, scores.size(), String.join("\n", scores));
        assertEquals("step,fid,is,coverage,fid_ema,is_ema,coverage_ema", scores.get(0));
        assertTrue(Checkpoint.stepIn(run.resolve("best")) >= 1);
        assertEquals(0, TrainLapganCommandTest.train("--resume", run.toString()));
        assertTrue(Files.readString(run.resolve("resumes.csv")).contains("\n2,"));

        Path out = tmp.resolve("scores");
        assertEquals(
                0,
                new EvaluateCommand()
                        .run(EvaluateCommand.FLAGS.parse(
                                run.toString(),
                                "--images",
                                "20",
                                "--cache",
                                cache.toString(),
                                "--out",
                                out.toString())));
        List<String> rows = Files.readAllLines(out.resolve("generation-scores.csv"));
        assertEquals(4, rows.size(), String.join("\n", rows));
        assertTrue(
                rows.get(2).startsWith("\"stylegan, 2 steps: style (trained G)\",20,"),
                rows.get(2));
        assertTrue(
                rows.get(3).startsWith("\"stylegan, 2 steps: style (weight average)\",20,"),
                rows.get(3));
    }

    @Test
    void flagsThatCannotApplyAreRefusedBeforeAnythingTrains(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        BadInputException loss = assertThrows(
                BadInputException.class,
                () -> TrainLapganCommandTest.train(
                        "--model", "stylegan", "--gp", "10", "--out", out.toString()));
        assertTrue(
                loss.getMessage().contains("--gp")
                        && loss.getMessage().contains("--model stylegan"),
                loss.getMessage());
        BadInputException levels = assertThrows(
                BadInputException.class,
                () -> TrainLapganCommandTest.train(
                        "--model", "stylegan", "--steps-per-level", "5", "--out", out.toString()));
        assertTrue(
                levels.getMessage().contains("--steps-per-level only goes with --model lapgan"),
                levels.getMessage());
        BadInputException ema = assertThrows(
                BadInputException.class,
                () -> TrainLapganCommandTest.train(
                        "--model", "stylegan", "--ema-decay", "0.99", "--out", out.toString()));
        assertTrue(ema.getMessage().contains("half-life"), ema.getMessage());
        BadInputException pix = assertThrows(
                BadInputException.class,
                () -> TrainLapganCommandTest.train(
                        "--model", "pix2pix", "--ema-decay", "0.99", "--out", out.toString()));
        assertTrue(pix.getMessage().contains("--ema-decay"), pix.getMessage());
        assertTrue(Files.notExists(out), "nothing written");
    }

    private static void assertGrid(Path png, int columns, int rows) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(columns * 66 + 2, image.getWidth(), png + " width");
        assertEquals(rows * 66 + 2, image.getHeight(), png + " height");
    }
}
