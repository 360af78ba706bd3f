package io.gankit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import io.gankit.TestPaths;
import io.gankit.data.Datasets;
import io.gankit.metrics.DomainClassifier;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./gankit train --model srgan}: a few steps on Fashion-MNIST (7 -> 28) and CIFAR-10 (8 ->
 * 32) write the usual run folder with SRGAN's measures and sample rows, the run resumes from its
 * own settings, and flags that cannot apply are refused before anything trains.
 */
class TrainSrganCommandTest {
    static int train(String... args) {
        return new TrainCommand().run(TrainCommand.FLAGS.parse(args));
    }

    static void assertRunFolder(Path run, int steps, int side) throws Exception {
        for (String file : List.of(
                "config.json",
                "srgan.json",
                "history.csv",
                "loss.png",
                "samples/final.png",
                "generator.params",
                "discriminator.params",
                "summary.json",
                TrainCommand.DATA_FOLDER_FILE)) {
            assertTrue(Files.isRegularFile(run.resolve(file)), file);
        }
        try (var checkpoints = Files.list(run.resolve("checkpoints"))) {
            assertTrue(checkpoints.findAny().isPresent(), "a checkpoint");
        }
        List<String> history = Files.readAllLines(run.resolve("history.csv"));
        assertEquals(
                "step,epoch,d_loss,g_loss,content,adversarial,mse,seconds",
                history.get(0),
                "SRGAN's measures");
        assertEquals(steps + 1, history.size(), "a row per step");
        String[] last = history.get(steps).split(",");
        assertTrue(Double.parseDouble(last[2]) > 0, "D trained in the last step: " + last[2]);
        assertTrue(Double.parseDouble(last[6]) > 0, "the pixel MSE: " + last[6]);
        // 4 rows (input, bicubic, SR, original) of the 8 held test images, each drawn at 2x
        BufferedImage grid = ImageIO.read(run.resolve("samples/final.png").toFile());
        assertTrue(
                grid.getHeight() >= 4 * 2 * side && grid.getHeight() < 5 * 2 * side,
                "4 rows: " + grid.getHeight());
        assertTrue(
                grid.getWidth() >= 8 * 2 * side && grid.getWidth() < 9 * 2 * side,
                "8 columns: " + grid.getWidth());
        String config = Files.readString(run.resolve("config.json"));
        assertTrue(config.contains("\"srgan\""), config);
    }

    @Test
    void fashionMnistTrainsFourStepsIntoARunFolderAndResumes(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        String data = TestPaths.data().toString();
        assertEquals(
                0,
                train(
                        "--model",
                        "srgan",
                        "--dataset",
                        "fashion-mnist",
                        "--data",
                        data,
                        "--out",
                        run.toString(),
                        "--limit",
                        "64",
                        "--batch",
                        "8",
                        "--max-steps",
                        "4",
                        "--pretrain-steps",
                        "2",
                        "--checkpoint-every",
                        "2"));
        assertRunFolder(run, 4, 28);
        String settings = Files.readString(run.resolve("srgan.json"));
        assertTrue(
                settings.contains("\"pretrainSteps\": 2") && settings.contains("\"pixels\""),
                settings);
        // rebuilt from config.json and srgan.json, restored from the last checkpoint: done already
        assertEquals(0, train("--resume", run.toString()));
        assertEquals(5, Files.readAllLines(run.resolve("history.csv")).size());
        assertTrue(Files.readString(run.resolve("resumes.csv")).contains("\n4,"));
    }

    @Test
    void theClassifiersFeaturesAreTheContentLossAfterPretraining(@TempDir Path tmp)
            throws Exception {
        // a few steps' classifier in the cache stands in for the recipe's (minutes to train)
        Path cache = tmp.resolve("cache");
        try (DomainClassifier c = DomainClassifier.trainSteps(
                "fashion-mnist-cnn",
                Datasets.load("fashion-mnist", Datasets.Split.TRAIN, TestPaths.dataFolder())
                        .limit(256),
                4,
                1,
                null)) {
            c.save(DomainClassifier.cacheFile(cache, "fashion-mnist"));
        }
        Path run = tmp.resolve("run");
        assertEquals(
                0,
                new TrainCommand(cache)
                        .run(TrainCommand.FLAGS.parse(
                                "--model",
                                "srgan",
                                "--dataset",
                                "fashion-mnist",
                                "--content",
                                "classifier",
                                "--data",
                                TestPaths.data().toString(),
                                "--out",
                                run.toString(),
                                "--limit",
                                "64",
                                "--batch",
                                "8",
                                "--max-steps",
                                "4",
                                "--pretrain-steps",
                                "2")));
        assertRunFolder(run, 4, 28);
        assertTrue(Files.readString(run.resolve("srgan.json")).contains("\"classifier\""));
        for (String row : Files.readAllLines(run.resolve("history.csv")).subList(1, 5)) {
            String[] v = row.split(",");
            double g = Double.parseDouble(v[3]);
            double content = Double.parseDouble(v[4]);
            double mse = Double.parseDouble(v[6]);
            assertTrue(content != mse, "features, not pixels: " + row);
            if (row.startsWith("1,") || row.startsWith("2,")) {
                assertEquals(mse, g, 1e-6, "pretraining minimises the pixel MSE: " + row);
            } else {
                assertTrue(
                        Math.abs(g - content) < 0.01 * Math.max(1, g),
                        "content + 1e-3 adv: " + row);
            }
        }
    }

    @Test
    void cifar10TrainsEightToThirtyTwo(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(
                0,
                train(
                        "--model",
                        "srgan",
                        "--dataset",
                        "cifar10",
                        "--data",
                        TestPaths.data().toString(),
                        "--out",
                        run.toString(),
                        "--limit",
                        "32",
                        "--batch",
                        "8",
                        "--max-steps",
                        "2",
                        "--pretrain-steps",
                        "1"));
        assertRunFolder(run, 2, 32);
    }

    @Test
    void flagsThatCannotApplyAreRefusedBeforeAnythingTrains(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        // every data set has a domain classifier now (CIFAR-10's since issue 14), so --content
        // classifier is refused for none of them
        assertEquals(Datasets.NAMES, TrainCommand.CLASSIFIED);
        BadInputException notSrgan = assertThrows(
                BadInputException.class,
                () -> train("--model", "dcgan", "--pretrain-steps", "5", "--out", out.toString()));
        assertTrue(
                notSrgan.getMessage().contains("--pretrain-steps only goes with --model srgan"),
                notSrgan.getMessage());
        BadInputException gp = assertThrows(
                BadInputException.class,
                () -> train("--model", "srgan", "--gp", "10", "--out", out.toString()));
        assertTrue(gp.getMessage().contains("--gp"), gp.getMessage());
        assertTrue(Files.notExists(out), "nothing written");
    }
}
