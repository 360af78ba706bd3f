package io.gankit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import io.gankit.TestPaths;
import io.gankit.data.Datasets;
import io.gankit.data.DigitDomains;
import io.gankit.metrics.DomainClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./gankit train --model cyclegan} and its {@code evaluate} table: two steps write the usual
 * run folder with CycleGAN's measures, resume from its own settings, and are scored beside the
 * identity by the two cached classifiers; wrong data sets and flags are refused first.
 */
class TrainCycleGanCommandTest {
    static int train(String... args) {
        return new TrainCommand().run(TrainCommand.FLAGS.parse(args));
    }

    @Test
    void aRunTrainsResumesAndIsScoredBesideTheIdentity(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        String data = TestPaths.data().toString();
        assertEquals(
                0,
                train(
                        "--model",
                        "cyclegan",
                        "--dataset",
                        "mnist",
                        "--data",
                        data,
                        "--out",
                        run.toString(),
                        "--limit",
                        "32",
                        "--max-steps",
                        "2"));
        for (String file : List.of(
                "config.json",
                "cyclegan.json",
                "history.csv",
                "samples/final.png",
                "generator-ab.params",
                "generator-ba.params",
                "discriminator-a.params",
                "discriminator-b.params")) {
            assertTrue(Files.isRegularFile(run.resolve(file)), file);
        }
        List<String> history = Files.readAllLines(run.resolve("history.csv"));
        assertTrue(
                history.get(0).contains("cycle") && history.get(0).contains("identity"),
                history.get(0));
        assertEquals(3, history.size());
        assertEquals(0, train("--resume", run.toString()));

        // a few steps' classifiers in the cache stand in for the recipe's (minutes to train)
        Path cache = tmp.resolve("cache");
        try (DomainClassifier digits = DomainClassifier.trainSteps(
                        "mnist-cnn",
                        Datasets.load("mnist", Datasets.Split.TRAIN, TestPaths.dataFolder())
                                .limit(256),
                        4,
                        1,
                        null);
                DomainClassifier coloured = DomainClassifier.trainSteps(
                        "mnist-m-like-cnn",
                        DigitDomains.unpaired(
                                        TestPaths.dataFolder(),
                                        Datasets.Split.TEST,
                                        DigitDomains.SEED)
                                .b()
                                .limit(256),
                        4,
                        1,
                        null)) {
            digits.save(DomainClassifier.cacheFile(cache, "mnist"));
            coloured.save(DomainClassifier.cacheFile(
                    cache, DigitDomains.MNIST_M_LIKE + "-seed-" + DigitDomains.SEED));
        }
        Path out = tmp.resolve("scores");
        assertEquals(
                0,
                new EvaluateCommand()
                        .run(EvaluateCommand.FLAGS.parse(
                                run.toString(),
                                "--images",
                                "16",
                                "--cache",
                                cache.toString(),
                                "--out",
                                out.toString())));
        List<String> rows = Files.readAllLines(out.resolve("cyclegan-scores.csv"));
        assertEquals(3, rows.size(), String.join("\n", rows));
        assertTrue(rows.get(1).startsWith("identity,"), rows.get(1));
        assertTrue(rows.get(2).startsWith("\"CycleGAN, 2 steps: run\""), rows.get(2));
    }

    @Test
    void otherDataAndFlagsAreRefusedBeforeAnythingTrains(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        BadInputException cifar = assertThrows(
                BadInputException.class,
                () -> train(
                        "--model", "cyclegan", "--dataset", "cifar10", "--out", out.toString()));
        assertTrue(cifar.getMessage().contains("--dataset mnist"), cifar.getMessage());
        BadInputException weight = assertThrows(
                BadInputException.class,
                () -> train(
                        "--model",
                        "cyclegan",
                        "--adversarial-weight",
                        "0",
                        "--out",
                        out.toString()));
        assertTrue(
                weight.getMessage().contains("only goes with --model pix2pix"),
                weight.getMessage());
        BadInputException gp = assertThrows(
                BadInputException.class,
                () -> train("--model", "cyclegan", "--gp", "10", "--out", out.toString()));
        assertTrue(gp.getMessage().contains("--gp"), gp.getMessage());
        assertTrue(Files.notExists(out), "nothing written");
    }
}
