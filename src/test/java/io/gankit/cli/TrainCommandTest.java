package io.gankit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.gankit.BadInputException;
import io.gankit.TestPaths;
import io.gankit.data.DataFolder;
import io.gankit.data.ImageSet;
import io.gankit.nn.Gan;
import io.gankit.nn.ImageSampler;
import io.gankit.train.Run;
import io.gankit.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    @Test
    void aResumedRunReadsTheDataFolderItRecorded(@TempDir Path tmp) throws Exception {
        Path data = Files.createDirectory(tmp.resolve("my-data"));
        Path run = Files.createDirectory(tmp.resolve("run"));
        Files.writeString(run.resolve(TrainCommand.DATA_FOLDER_FILE), data + "\n");
        assertEquals(data, TrainCommand.dataFolder(null, run).root());
        Path other = Files.createDirectory(tmp.resolve("other"));
        assertEquals(other, TrainCommand.dataFolder(other, run).root(), "--data wins");
        Files.writeString(run.resolve(TrainCommand.DATA_FOLDER_FILE), tmp.resolve("gone") + "\n");
        assertEquals(
                DataFolder.resolve(null).root(),
                TrainCommand.dataFolder(null, run).root(),
                "a recorded folder that is gone falls back to the usual one");
    }

    @Test
    void eachModelTrainsWithItsOwnBatchSizeByDefault() {
        Args none = TrainCommand.FLAGS.parse();
        assertEquals(128, TrainCommand.config(none, "mnist").batchSize());
        Args cifar = TrainCommand.FLAGS.parse("--model", "cifar-seed");
        assertEquals(32, TrainCommand.config(cifar, "cifar10").batchSize());
        Args dcgan = TrainCommand.FLAGS.parse("--model", "dcgan", "--batch", "16");
        assertEquals(16, TrainCommand.config(dcgan, "cifar10").batchSize());
    }

    @Test
    void emaDecayIsTheGansConfigAndLapgansSetting() {
        assertEquals(0, TrainCommand.config(TrainCommand.FLAGS.parse(), "mnist").emaDecay());
        Args ema = TrainCommand.FLAGS.parse("--model", "dcgan", "--ema-decay", "0.99");
        assertEquals(0.99, TrainCommand.config(ema, "cifar10").emaDecay());
        assertEquals(0.999, TrainCommand.LapganSettings.of(100).averageDecay());
        assertEquals(0.9, TrainCommand.LapganSettings.of(100, 0.9).averageDecay());
    }

    @Test
    void maxMinutesStopsARunThatCanBeResumedWithAnotherBudget(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        String[] common = {
            "--data",
            TestPaths.data().toString(),
            "--limit",
            "256",
            "--batch",
            "64",
            "--max-steps",
            "8"
        };
        String[] first = Stream.concat(
                        Arrays.stream(common),
                        Stream.of("--out", run.toString(), "--max-minutes", "1e-9"))
                .toArray(String[]::new);
        assertEquals(0, TrainLapganCommandTest.train(first), "a budget reached is no failure");
        // one step spends the budget: its row, then everything written as at the end
        assertEquals(2, Files.readAllLines(run.resolve("history.csv")).size());
        assertTrue(Files.isRegularFile(run.resolve("samples/final.png")));
        // a session flag, not the run's: it goes with --resume, which here has time to finish
        assertEquals(
                0, TrainLapganCommandTest.train("--resume", run.toString(), "--max-minutes", "60"));
        assertEquals(9, Files.readAllLines(run.resolve("history.csv")).size());
        BadInputException negative = assertThrows(
                BadInputException.class,
                () -> TrainLapganCommandTest.train(Stream.concat(
                                Arrays.stream(common),
                                Stream.of(
                                        "--out",
                                        tmp.resolve("neg").toString(),
                                        "--max-minutes",
                                        "-1"))
                        .toArray(String[]::new)));
        assertTrue(negative.getMessage().contains("--max-minutes -1.0"), negative.getMessage());
        assertFalse(Files.exists(tmp.resolve("neg")), "refused before a run folder is made");
    }

    @Test
    void aGanRunThatKeepsAWeightAverageGivesEvaluateBothGenerators(@TempDir Path tmp) {
        TrainConfig plain = TrainConfig.builder()
                .optBatchSize(64)
                .optEpochs(1)
                .optMaxSteps(3)
                .optSeed(5)
                .build();
        TrainConfig averaged = plain.toBuilder().optEmaDecay(0.5).build();
        ImageSet mnist = TestPaths.mnist(256);
        for (TrainConfig c : List.of(plain, averaged)) {
            try (NDManager m = NDManager.newBaseManager();
                    Run run = Run.start(tmp.resolve("ema-" + c.emaDecay()), c, mnist, m)) {
                run.train();
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, ImageSampler> one =
                    TrainCommand.loadGenerators(tmp.resolve("ema-0.0"), TestPaths.dataFolder(), m);
            assertEquals(List.of(""), List.copyOf(one.keySet()));
            Map<String, ImageSampler> two =
                    TrainCommand.loadGenerators(tmp.resolve("ema-0.5"), TestPaths.dataFolder(), m);
            assertEquals(List.of("trained G", "weight average"), List.copyOf(two.keySet()));
            // the trained G is the run's final generator; the average draws other images
            Gan gan = Run.loadGan(tmp.resolve("ema-0.5"), m);
            float[] trained =
                    two.get("trained G").generate(m, 4, new SplittableRandom(9)).toFloatArray();
            assertArrayEquals(
                    gan.generate(m, 4, new SplittableRandom(9)).toFloatArray(), trained, 1e-6f);
            float[] average = two.get("weight average")
                    .generate(m, 4, new SplittableRandom(9))
                    .toFloatArray();
            assertFalse(Arrays.equals(trained, average), "the average is not the trained G");
        }
    }
}
