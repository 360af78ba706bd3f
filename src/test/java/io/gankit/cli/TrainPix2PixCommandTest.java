package io.gankit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import io.gankit.TestPaths;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./gankit train --model pix2pix} and {@code ./gankit evaluate}: a few steps on CIFAR-10
 * write the usual run folder with pix2pix's measures and sample rows, resume from their own
 * settings, and score beside the grey input; flags that cannot apply are refused first.
 */
class TrainPix2PixCommandTest {
    static int train(String... args) {
        return new TrainCommand().run(TrainCommand.FLAGS.parse(args));
    }

    static Path run(Path tmp, String name, String weight) {
        Path run = tmp.resolve(name);
        assertEquals(
                0,
                train(
                        "--model",
                        "pix2pix",
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
                        "3",
                        "--adversarial-weight",
                        weight));
        return run;
    }

    @Test
    void aRunTrainsResumesAndIsScoredBesideTheGreyInputAndTheL1OnlyUNet(@TempDir Path tmp)
            throws Exception {
        Path gan = run(tmp, "gan", "1");
        Path l1 = run(tmp, "l1", "0");
        for (String file : List.of(
                "config.json",
                "pix2pix.json",
                "history.csv",
                "samples/final.png",
                "generator.params",
                "discriminator.params",
                "summary.json",
                TrainCommand.DATA_FOLDER_FILE)) {
            assertTrue(Files.isRegularFile(gan.resolve(file)), file);
        }
        List<String> history = Files.readAllLines(gan.resolve("history.csv"));
        assertEquals("step,epoch,d_loss,g_loss,l1,adversarial,seconds", history.get(0));
        assertEquals(4, history.size());
        assertTrue(
                Double.parseDouble(history.get(3).split(",")[2]) > 0,
                "D trained: " + history.get(3));
        assertEquals(
                0,
                Double.parseDouble(
                        Files.readAllLines(l1.resolve("history.csv")).get(3).split(",")[2]),
                "the L1-only U-Net leaves D idle");
        // 3 rows (grey, pix2pix, original) of the 8 held test images, each drawn at 2x
        BufferedImage grid = ImageIO.read(gan.resolve("samples/final.png").toFile());
        assertTrue(
                grid.getHeight() >= 3 * 64 && grid.getHeight() < 4 * 64,
                "3 rows: " + grid.getHeight());
        assertTrue(
                grid.getWidth() >= 8 * 64 && grid.getWidth() < 9 * 64,
                "8 columns: " + grid.getWidth());
        assertEquals(0, train("--resume", gan.toString()));
        assertTrue(Files.readString(gan.resolve("resumes.csv")).contains("\n3,"));

        Path out = tmp.resolve("scores");
        assertEquals(
                0,
                new EvaluateCommand()
                        .run(EvaluateCommand.FLAGS.parse(
                                gan.toString(),
                                l1.toString(),
                                "--images",
                                "16",
                                "--out",
                                out.toString())));
        List<String> rows = Files.readAllLines(out.resolve("pix2pix-scores.csv"));
        assertEquals("model,l1,psnr_db,ssim,colourfulness,colourfulness_vs_originals", rows.get(0));
        assertEquals(5, rows.size(), String.join("\n", rows));
        assertTrue(rows.get(1).startsWith("grey input,"), rows.get(1));
        assertTrue(rows.get(2).startsWith("\"pix2pix, 3 steps: gan\""), rows.get(2));
        assertTrue(rows.get(3).startsWith("\"L1-only U-Net, 3 steps: l1\""), rows.get(3));
        assertTrue(rows.get(4).startsWith("originals,0.0,"), rows.get(4));
        assertEquals(
                1,
                Files.readAllLines(gan.resolve("resumes.csv")).size() - 1,
                "evaluate resumes nothing");
    }

    @Test
    void flagsAndDataThatCannotApplyAreRefusedBeforeAnythingTrains(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        BadInputException grey = assertThrows(
                BadInputException.class,
                () -> train("--model", "pix2pix", "--dataset", "mnist", "--out", out.toString()));
        assertTrue(grey.getMessage().contains("--dataset cifar10"), grey.getMessage());
        BadInputException pretrain = assertThrows(
                BadInputException.class,
                () -> train(
                        "--model",
                        "pix2pix",
                        "--dataset",
                        "cifar10",
                        "--pretrain-steps",
                        "3",
                        "--out",
                        out.toString()));
        assertTrue(
                pretrain.getMessage().contains("--pretrain-steps only goes with --model srgan"),
                pretrain.getMessage());
        BadInputException weight = assertThrows(
                BadInputException.class,
                () -> train(
                        "--model", "srgan", "--adversarial-weight", "0", "--out", out.toString()));
        assertTrue(
                weight.getMessage().contains("--adversarial-weight only goes with --model pix2pix"),
                weight.getMessage());
        BadInputException negative = assertThrows(
                BadInputException.class,
                () -> train(
                        "--model",
                        "pix2pix",
                        "--dataset",
                        "cifar10",
                        "--adversarial-weight",
                        "-1",
                        "--out",
                        out.toString()));
        assertTrue(negative.getMessage().contains("-1"), negative.getMessage());
        BadInputException loss = assertThrows(
                BadInputException.class,
                () -> train(
                        "--model",
                        "pix2pix",
                        "--dataset",
                        "cifar10",
                        "--loss",
                        "hinge",
                        "--out",
                        out.toString()));
        assertTrue(loss.getMessage().contains("--loss"), loss.getMessage());
        assertTrue(Files.notExists(out), "nothing written");
        BadInputException notARun = assertThrows(
                BadInputException.class,
                () -> new EvaluateCommand().run(EvaluateCommand.FLAGS.parse(tmp.toString())));
        assertTrue(notARun.getMessage().contains("pix2pix.json"), notARun.getMessage());
    }
}
