package io.gankit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./gankit train --model lapgan} and the generation table of {@code ./gankit evaluate}: a
 * few steps on CIFAR-10 write the run folder with LAPGAN's measures and the chain's sample rows,
 * resume from their own settings, and are scored beside a DCGAN run and the real images; flags
 * that cannot apply are refused first.
 */
class TrainLapganCommandTest {
    static int train(String... args) {
        return new TrainCommand().run(TrainCommand.FLAGS.parse(args));
    }

    static List<String> common(Path out, String model) {
        return List.of(
                "--model",
                model,
                "--dataset",
                "cifar10",
                "--data",
                TestPaths.data().toString(),
                "--out",
                out.toString(),
                "--limit",
                "64",
                "--batch",
                "16");
    }

    @Test
    void aRunTrainsEachLevelIsScoredWhileItTrainsResumesAndIsScoredBesideDcgan(@TempDir Path tmp)
            throws Exception {
        // a quickly trained stand-in for the cached CIFAR-10 classifier (its recipe takes minutes)
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
        Path lapgan = tmp.resolve("lap");
        List<String> args = new ArrayList<>(common(lapgan, "lapgan"));
        args.addAll(List.of(
                "--max-steps",
                "3",
                "--steps-per-level",
                "1",
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
                "lapgan.json",
                "history.csv",
                "samples/final.png",
                "generator-8.params",
                "generator-32-ema.params",
                "discriminator-32.params",
                "summary.json")) {
            assertTrue(Files.isRegularFile(lapgan.resolve(file)), file);
        }
        List<String> history = Files.readAllLines(lapgan.resolve("history.csv"));
        assertEquals("step,epoch,level,d_loss,g_loss,d_real,d_fake,seconds", history.get(0));
        for (int level = 0; level < 3; level++) {
            assertEquals(
                    level,
                    Double.parseDouble(history.get(level + 1).split(",")[2]),
                    history.get(level + 1));
        }
        assertTrue(Files.readString(lapgan.resolve("config.json")).contains("\"latent\": 20"));
        // scored before training and after each step; the best of steps 1-3 kept as a checkpoint
        List<String> scores = Files.readAllLines(lapgan.resolve("scores.csv"));
        // the trained generators and their weight averages, side by side
        assertEquals("step,fid,is,coverage,fid_ema,is_ema,coverage_ema", scores.get(0));
        assertEquals(5, scores.size(), String.join("\n", scores));
        long best = 0;
        double low = Double.POSITIVE_INFINITY;
        for (String row : scores.subList(2, 5)) {
            double fid = Double.parseDouble(row.split(",")[1]);
            if (fid <= low) {
                low = fid;
                best = Long.parseLong(row.split(",")[0]);
            }
        }
        assertEquals(best, Checkpoint.stepIn(lapgan.resolve("best")), "the best step's checkpoint");
        // 5 rows (8x8, up to 16, 16x16, up to 32, 32x32) of 8 chains, each drawn at 2x
        BufferedImage grid = ImageIO.read(lapgan.resolve("samples/final.png").toFile());
        assertTrue(
                grid.getHeight() >= 5 * 64 && grid.getHeight() < 6 * 64,
                "5 rows: " + grid.getHeight());
        assertTrue(
                grid.getWidth() >= 8 * 64 && grid.getWidth() < 9 * 64,
                "8 columns: " + grid.getWidth());
        assertEquals(0, train("--resume", lapgan.toString()));
        assertTrue(Files.readString(lapgan.resolve("resumes.csv")).contains("\n3,"));

        Path dcgan = tmp.resolve("dc");
        List<String> dcArgs = new ArrayList<>(common(dcgan, "dcgan"));
        dcArgs.addAll(List.of("--max-steps", "2"));
        assertEquals(0, train(dcArgs.toArray(String[]::new)));

        Path out = tmp.resolve("scores");
        assertEquals(
                0,
                new EvaluateCommand()
                        .run(EvaluateCommand.FLAGS.parse(
                                lapgan.toString(),
                                dcgan.toString(),
                                "--images",
                                "20",
                                "--cache",
                                cache.toString(),
                                "--out",
                                out.toString())));
        List<String> rows = Files.readAllLines(out.resolve("generation-scores.csv"));
        assertEquals("model,images,fid,is", rows.get(0));
        assertEquals(5, rows.size(), String.join("\n", rows));
        assertTrue(rows.get(1).contains("(real, the floor)\",20,"), rows.get(1));
        assertTrue(rows.get(2).startsWith("\"LAPGAN, 3 steps: lap (trained G)\",20,"), rows.get(2));
        assertTrue(
                rows.get(3).startsWith("\"LAPGAN, 3 steps: lap (weight average)\",20,"),
                rows.get(3));
        assertTrue(rows.get(4).startsWith("\"dcgan, 2 steps: dc\",20,"), rows.get(4));
        double[] fids = new double[4];
        for (int i = 0; i < 4; i++) {
            String row = rows.get(i + 1);
            String[] f = row.split(","); // the names hold commas: the numbers are the last two
            double fid = Double.parseDouble(f[f.length - 2]);
            double is = Double.parseDouble(f[f.length - 1]);
            fids[i] = fid;
            assertTrue(fid > 0 && Double.isFinite(fid), row);
            assertTrue(is >= 1 && is <= 10, "an IS of 10 classes lies in [1, 10]: " + row);
        }
        assertTrue(
                fids[1] > fids[0] && fids[2] > fids[0] && fids[3] > fids[0],
                "a few steps are farther from the test images than real training images: "
                        + Arrays.toString(fids));
        assertNotEquals(fids[1], fids[2], "the average is not the trained G after 3 steps");
    }

    @Test
    void withoutALengthARunLastsEveryLevelsSteps(@TempDir Path tmp) throws Exception {
        // 64 images of batch 16 are 4 steps an epoch: the default 5 epochs would be 20 steps,
        // but 3 levels of 7 steps need 21, or the finest level would be cut short
        Path run = tmp.resolve("lap");
        List<String> args = new ArrayList<>(common(run, "lapgan"));
        args.addAll(List.of("--steps-per-level", "7", "--latent", "20"));
        assertEquals(0, train(args.toArray(String[]::new)));
        List<String> history = Files.readAllLines(run.resolve("history.csv"));
        assertEquals(1 + 21, history.size(), "a row per step of 3 levels x 7");
        assertEquals(2, Double.parseDouble(history.get(21).split(",")[2]), history.get(21));
        assertEquals(2, Double.parseDouble(history.get(15).split(",")[2]), history.get(15));
        assertEquals(1, Double.parseDouble(history.get(14).split(",")[2]), history.get(14));

        // a length given wins: 2 epochs of 4 steps stop at level 1
        Path shortRun = tmp.resolve("short");
        List<String> shortArgs = new ArrayList<>(common(shortRun, "lapgan"));
        shortArgs.addAll(List.of("--steps-per-level", "7", "--latent", "20", "--epochs", "2"));
        assertEquals(0, train(shortArgs.toArray(String[]::new)));
        assertEquals(1 + 8, Files.readAllLines(shortRun.resolve("history.csv")).size());
    }

    @Test
    void flagsThatCannotApplyAreRefusedBeforeAnythingTrains(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        BadInputException loss = assertThrows(
                BadInputException.class,
                () -> train("--model", "lapgan", "--loss", "hinge", "--out", out.toString()));
        assertTrue(
                loss.getMessage().contains("--loss")
                        && loss.getMessage().contains("--model lapgan"),
                loss.getMessage());
        BadInputException levels = assertThrows(
                BadInputException.class,
                () -> train("--model", "dcgan", "--steps-per-level", "5", "--out", out.toString()));
        assertTrue(
                levels.getMessage().contains("--steps-per-level only goes with --model lapgan"),
                levels.getMessage());
        assertThrows(
                BadInputException.class,
                () -> TrainCommand.FLAGS.parse("--model", "lapgan", "--steps-per-level", "0"));
        BadInputException scoring = assertThrows(
                BadInputException.class,
                () -> train(
                        "--model",
                        "pix2pix",
                        "--dataset",
                        "cifar10",
                        "--score-every",
                        "5",
                        "--out",
                        out.toString()));
        assertTrue(
                scoring.getMessage().contains("--score-every")
                        && scoring.getMessage().contains("./gankit evaluate"),
                scoring.getMessage());
        assertTrue(Files.notExists(out), "nothing written");
    }
}
